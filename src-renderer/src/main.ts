import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib/api';
import { createConsole } from './lib/stores';
import './app.css';

const consoleState = createConsole(connectApi());
void consoleState.app.start();
mount(App, { target: document.getElementById('app')!, props: { console: consoleState } });
