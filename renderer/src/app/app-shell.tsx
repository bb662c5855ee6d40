import { useCallback, useEffect, useRef, type ReactElement } from 'react';
import type { AreaId } from './areas';
import { AppHeader } from './app-header';
import { AreaView } from './area-view';
import { areaForShortcut } from './shortcuts';
import { SidebarNav } from './sidebar-nav';
import { useUiStore } from './ui-store-context';

/** Calls `onShortcut` for Ctrl/Cmd+1…6, except while a modal dialog keeps the areas out of reach. */
function useAreaShortcuts(onShortcut: (area: AreaId) => void): void {
  const aboutOpen = useUiStore((state) => state.aboutOpen);

  useEffect(() => {
    if (aboutOpen) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      const area = areaForShortcut(event);
      if (area === undefined) return;
      event.preventDefault();
      onShortcut(area);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [aboutOpen, onShortcut]);
}

/** Header, sidebar and the open area. */
export function AppShell(): ReactElement {
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
    <div className="app-shell">
      <AppHeader />
      <SidebarNav />
      <main className="app-main" ref={mainRef}>
        <AreaView area={area} />
      </main>
    </div>
  );
}
