import type { ReactElement } from 'react';
import { AboutDialog } from './about-dialog';
import { useUiStore } from './ui-store-context';

/** The banner: the app's name, the environment in use and the About panel. */
export function AppHeader(): ReactElement {
  const environmentId = useUiStore((state) => state.selectedEnvironmentId);
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__mark" aria-hidden="true">
          OPP
        </span>
        <span className="app-header__name">OPP Console</span>
      </div>
      <p className="app-header__environment">
        {environmentId === null ? 'No environment selected' : `Environment: ${environmentId}`}
      </p>
      <div className="app-header__actions">
        <AboutDialog />
      </div>
    </header>
  );
}
