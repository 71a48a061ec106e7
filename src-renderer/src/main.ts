import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib/api';
import { AppState } from './lib/app-state.svelte';
import './app.css';

const state = new AppState(connectApi());
void state.start();
mount(App, { target: document.getElementById('app')!, props: { state } });
