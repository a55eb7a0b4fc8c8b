import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './lib/offline/register';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
registerServiceWorker();
export default mount(App, { target });
