import { useCallback, useEffect, useRef, type CSSProperties, type ReactElement } from 'react';
import { colourVar } from '../components/colour-tag';
import { useActiveEnvironment } from './active-environment';
import type { AreaId } from './areas';
import { AppHeader } from './app-header';
import { AreaView } from './area-view';
import { areaForShortcut } from './shortcuts';
import { SidebarNav } from './sidebar-nav';
import { useUiStore } from './ui-store-context';

/** Whether a key press comes from inside a dialog (which keeps the areas out of reach). */
function fromDialog(event: KeyboardEvent): boolean {
  return (
    event.target instanceof Element && event.target.closest('[role="dialog"], [role="alertdialog"]') !== null
  );
}

/** Calls `onShortcut` for Ctrl/Cmd+1…6, except while a modal dialog keeps the areas out of reach. */
function useAreaShortcuts(onShortcut: (area: AreaId) => void): void {
  const aboutOpen = useUiStore((state) => state.aboutOpen);

  useEffect(() => {
    if (aboutOpen) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      const area = areaForShortcut(event);
      // Changing area under an open dialog would unmount what it edits.
      if (area === undefined || fromDialog(event)) return;
      event.preventDefault();
      onShortcut(area);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [aboutOpen, onShortcut]);
}

/**
 * Header, sidebar and the open area. While a production environment is active the whole window
 * is framed in its colour, so that nobody mistakes it for a test system.
 */
export function AppShell(): ReactElement {
  const { environment } = useActiveEnvironment();
  const production = environment?.isProduction === true;
  const area = useUiStore((state) => state.area);
  const showArea = useUiStore((state) => state.showArea);
  const mainRef = useRef<HTMLElement>(null);
  const focusAfterRender = useRef(false);

  const focusHeading = useCallback(() => {
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, []);

  // After a shortcut, focus moves to the new area's heading so that it is announced; a click
  // leaves focus on the nav button, where the user is.
  const openByShortcut = useCallback(
    (next: AreaId) => {
      if (next === area) {
        focusHeading();
        return;
      }
      focusAfterRender.current = true;
      showArea(next);
    },
    [area, showArea, focusHeading],
  );
  useAreaShortcuts(openByShortcut);

  useEffect(() => {
    if (!focusAfterRender.current) return;
    focusAfterRender.current = false;
    focusHeading();
  }, [area, focusHeading]);

  return (
    <div
      className="app-shell"
      data-production={production}
      style={
        production ? ({ '--environment-colour': colourVar(environment.colour) } as CSSProperties) : undefined
      }
    >
      {production && <div className="production-frame" aria-hidden="true" />}
      <AppHeader />
      <SidebarNav />
      <main className="app-main" ref={mainRef}>
        <AreaView area={area} />
      </main>
    </div>
  );
}
