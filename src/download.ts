// download.html: the one page that talks to another origin (the Hugging Face Hub), opened on purpose from the
// Models tab or a model picker. No note or prompt exists here; its policy allows the Hub hosts (security/csp.ts).
import { mount } from 'svelte';
import DownloadPage from './lib/ui/download/DownloadPage.svelte';
import './app.css';

const target = document.getElementById('app');
if (!target) throw new Error('download.html lacks #app');
export default mount(DownloadPage, { target });
