import type { ReactElement } from 'react';
import { KeychainNotice } from '../features/session/keychain-notice';
import { SessionEvents } from '../features/session/session-events';
import { useKeepActiveEnvironmentValid } from './active-environment';
import { AppShell } from './app-shell';
import { useConnectivityTracking } from './connectivity';
import { usePushInvalidation } from './push-invalidation';
import { ThemeController } from './theme-controller';

/** The whole console, below the providers. */
export function App(): ReactElement {
  usePushInvalidation();
  useConnectivityTracking();
  useKeepActiveEnvironmentValid();
  return (
    <>
      <ThemeController />
      <KeychainNotice />
      <AppShell />
      {/* Outside the shell: a re-authentication dialog leaves the open area mounted. */}
      <SessionEvents />
    </>
  );
}
