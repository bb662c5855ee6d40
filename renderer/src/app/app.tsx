import type { ReactElement } from 'react';
import { AppShell } from './app-shell';
import { usePushInvalidation } from './push-invalidation';
import { ThemeController } from './theme-controller';

/** The whole console, below the providers. */
export function App(): ReactElement {
  usePushInvalidation();
  return (
    <>
      <ThemeController />
      <AppShell />
    </>
  );
}
