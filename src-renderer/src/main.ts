import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './lib';
import { createConsole } from './lib';
import './app.css';

const consoleState = createConsole(connectApi());
void consoleState.app.start();
mount(App, { target: document.getElementById('app')!, props: { console: consoleState } });
