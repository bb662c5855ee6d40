import type { ReactElement } from 'react';
import { colourVar } from '../components/colour-tag';
import { EnvironmentSwitcher } from '../features/environments/environment-switcher';
import { MemoryOnlyMarker } from '../features/session/keychain-notice';
import { SessionMenu } from '../features/session/session-menu';
import { AboutDialog } from './about-dialog';
import { useActiveEnvironment } from './active-environment';

/** The banner: the app's name, the active environment with its session, and the About panel. */
export function AppHeader(): ReactElement {
  const { environment } = useActiveEnvironment();
  return (
    <header className="app-header">
      <div className="app-header__brand">
        <span className="app-header__mark" aria-hidden="true">
          OPP
        </span>
        <span className="app-header__name">OPP Console</span>
      </div>
      <div className="app-header__environment">
        <EnvironmentSwitcher />
        {environment?.isProduction === true && (
          <span
            className="production-label"
            data-testid="production-marker"
            style={{ background: colourVar(environment.colour) }}
          >
            PRODUCTION
          </span>
        )}
        {environment !== null && <SessionMenu key={environment.id} environment={environment} />}
      </div>
      <div className="app-header__actions">
        <MemoryOnlyMarker />
        <AboutDialog />
      </div>
    </header>
  );
}
