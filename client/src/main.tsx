/** Client entry: styles, language binding, history, and the app. */
import { render } from 'preact';
import { App } from './app.tsx';
import { bindDocumentLanguage } from './i18n.ts';
import { bindHistory } from './route.ts';
import { registerServiceWorker } from './service-worker.ts';
import './styles.css';

bindDocumentLanguage();
bindHistory();

const root = document.getElementById('app');
if (root) render(<App />, root);
registerServiceWorker();
