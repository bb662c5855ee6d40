import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createOppApi } from '../../shared/ipc/opp-api';
import { App } from './app/app';
import { AppProviders } from './app/app-providers';
import { createQueryClient } from './app/query-client';
import { RootErrorBoundary } from './components/root-error-boundary';
import './styles/index.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root element.');
const root = createRoot(container);

// `window.opp` is typed as always there, but a broken preload must say so rather than crash blank.
if ((window as Partial<Window>).opp === undefined) {
  root.render(
    <main className="root-error" role="alert">
      <h1>OPP Console cannot start</h1>
      <p>The connection to the console’s main process is missing. Reinstall the console or send its log.</p>
    </main>,
  );
} else {
  const api = createOppApi(window.opp);
  const queryClient = createQueryClient();
  root.render(
    <StrictMode>
      <RootErrorBoundary>
        <AppProviders api={api} queryClient={queryClient}>
          <App />
        </AppProviders>
      </RootErrorBoundary>
    </StrictMode>,
  );
}
