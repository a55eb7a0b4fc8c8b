import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { registerServiceWorker } from './lib/offline/register';

const target = document.getElementById('app');
if (!target) throw new Error('index.html lacks #app');
registerServiceWorker();
export default mount(App, { target });

// e2e recovery tests only: `?testHooks=1` exposes window.__bedside (kill the worker, lose the WebGPU device).
if (new URLSearchParams(location.search).get('testHooks') === '1') {
	void import('./lib/inference/testHooks').then((hooks) => hooks.installTestHooks());
}
