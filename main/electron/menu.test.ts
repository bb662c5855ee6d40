import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { aboutPanelOptions, buildMenuTemplate, type MenuFacts } from './menu';

const PLATFORMS = ['darwin', 'win32', 'linux'] as const;

function build(
  platform: NodeJS.Platform,
  isDev: boolean,
): {
  template: MenuItemConstructorOptions[];
  actions: { openLogFolder: ReturnType<typeof vi.fn>; showAbout: ReturnType<typeof vi.fn> };
} {
  // The actions Electron would get: main's openFolder(logFolder) and app.showAboutPanel().
  const actions = { openLogFolder: vi.fn(), showAbout: vi.fn() };
  const facts: MenuFacts = { platform, isDev, appName: 'OPP Console' };
  return { template: buildMenuTemplate(facts, actions), actions };
}

/** Every item at every depth. */
function flatten(items: readonly MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const roles = (items: readonly MenuItemConstructorOptions[]): string[] =>
  flatten(items).flatMap((item) => (item.role === undefined ? [] : [item.role]));

const topLabels = (template: MenuItemConstructorOptions[]): string[] =>
  template.map((item) => (item.label ?? '').replace('&', ''));

function submenuOf(template: MenuItemConstructorOptions[], name: string): MenuItemConstructorOptions[] {
  const menu = template.find((item) => (item.label ?? '').replace('&', '') === name);
  if (menu === undefined || !Array.isArray(menu.submenu)) throw new Error(`no ${name} menu`);
  return menu.submenu;
}

function clickItem(item: MenuItemConstructorOptions | undefined): void {
  if (item?.click === undefined) throw new Error('the item has no click handler');
  // Electron passes (menuItem, window, event); the handlers must not depend on them.
  (item.click as () => void)();
}

describe('the application menu', () => {
  it('follows macOS conventions: an application menu first, About there, no mnemonics', () => {
    const { template } = build('darwin', false);
    expect(topLabels(template)).toEqual(['OPP Console', 'File', 'Edit', 'View', 'Window', 'Help']);
    const appMenu = submenuOf(template, 'OPP Console');
    expect(appMenu[0]?.label).toBe('About OPP Console');
    expect(roles(appMenu)).toEqual(['services', 'hide', 'hideOthers', 'unhide', 'quit']);
    expect(appMenu.at(-1)?.role).toBe('quit');
    expect(roles(submenuOf(template, 'File'))).toEqual(['close']);
    expect(template.find((item) => item.label === 'Window')?.role).toBe('window');
    expect(roles(submenuOf(template, 'Window'))).toEqual(['minimize', 'zoom', 'front']);
    expect(submenuOf(template, 'Help').map((item) => item.label)).toEqual(['Open Log Folder']);
    expect(template.every((item) => !(item.label ?? '').includes('&'))).toBe(true);
  });

  it.each(['win32', 'linux'] as const)('follows %s conventions: File → Quit, About in Help', (platform) => {
    const { template } = build(platform, false);
    expect(template.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Window', '&Help']);
    expect(roles(submenuOf(template, 'File'))).toEqual(['quit']);
    expect(roles(submenuOf(template, 'Window'))).toEqual(['minimize', 'close']);
    const help = submenuOf(template, 'Help');
    expect(help.map((item) => item.label ?? item.type)).toEqual([
      'Open Log Folder',
      'separator',
      'About OPP Console',
    ]);
    // macOS-only roles have no place here.
    expect(roles(template)).not.toEqual(expect.arrayContaining(['hide']));
    expect(roles(template)).not.toContain('services');
    expect(roles(template)).not.toContain('hideOthers');
  });

  it.each(PLATFORMS)(
    'has the standard Edit roles on %s, so copy and paste work in every field',
    (platform) => {
      const edit = roles(submenuOf(build(platform, false).template, 'Edit'));
      expect(edit).toEqual(
        expect.arrayContaining(['undo', 'redo', 'cut', 'copy', 'paste', 'delete', 'selectAll']),
      );
      expect(edit.includes('pasteAndMatchStyle')).toBe(platform === 'darwin');
    },
  );

  it.each(PLATFORMS)('offers no reload and no developer tools when packaged (%s)', (platform) => {
    const { template } = build(platform, false);
    const all = roles(template);
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(all).not.toContain(role);
    expect(roles(submenuOf(template, 'View'))).toEqual([
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
    expect(JSON.stringify(template)).not.toMatch(/devtools|reload/i);
  });

  it.each(PLATFORMS)('offers reload and the developer tools in development (%s)', (platform) => {
    const view = roles(submenuOf(build(platform, true).template, 'View'));
    expect(view).toEqual([
      'reload',
      'forceReload',
      'toggleDevTools',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
    ]);
  });

  it.each(PLATFORMS)('Help → Open Log Folder and About call what main gave (%s)', (platform) => {
    const { template, actions } = build(platform, false);
    clickItem(flatten(template).find((item) => item.id === 'open-log-folder'));
    expect(actions.openLogFolder).toHaveBeenCalledTimes(1);
    expect(actions.showAbout).not.toHaveBeenCalled();
    const aboutItems = flatten(template).filter((item) => item.id === 'about');
    expect(aboutItems).toHaveLength(1);
    clickItem(aboutItems[0]);
    expect(actions.showAbout).toHaveBeenCalledTimes(1);
    expect(actions.openLogFolder).toHaveBeenCalledTimes(1);
  });

  it('changes only the View menu between development and packaged', () => {
    for (const platform of PLATFORMS) {
      const dev = build(platform, true).template;
      const packaged = build(platform, false).template;
      expect(dev.filter((item) => item.label?.replace('&', '') !== 'View').map((item) => item.label)).toEqual(
        packaged.filter((item) => item.label?.replace('&', '') !== 'View').map((item) => item.label),
      );
    }
  });

  it('never leaves two separators together or one at either end of a menu', () => {
    for (const platform of PLATFORMS) {
      for (const isDev of [true, false]) {
        for (const menu of build(platform, isDev).template) {
          const types = (menu.submenu as MenuItemConstructorOptions[]).map((item) => item.type ?? 'item');
          expect(types[0]).not.toBe('separator');
          expect(types.at(-1)).not.toBe('separator');
          expect(types.join(',')).not.toContain('separator,separator');
        }
      }
    }
  });
});

describe('the About panel', () => {
  it('shows the name, the version and the Electron version on Linux and Windows, with the icon', () => {
    for (const platform of ['linux', 'win32'] as const) {
      const options = aboutPanelOptions({
        platform,
        appName: 'OPP Console',
        version: '1.2.3',
        electronVersion: '45.5.0',
        iconPath: '/opt/opp/resources/icon.png',
      });
      expect(options).toMatchObject({
        applicationName: 'OPP Console',
        applicationVersion: '1.2.3',
        iconPath: '/opt/opp/resources/icon.png',
      });
      expect(options.copyright).toContain('Electron 45.5.0');
      expect(options.version).toBeUndefined();
    }
  });

  it('puts the Electron version in the build field on macOS, where the icon comes from the bundle', () => {
    const options = aboutPanelOptions({
      platform: 'darwin',
      appName: 'OPP Console',
      version: '1.2.3',
      electronVersion: '45.5.0',
      iconPath: '/x/icon.png',
    });
    expect(options).toMatchObject({ applicationVersion: '1.2.3', version: 'Electron 45.5.0' });
    expect(options.iconPath).toBeUndefined();
  });

  it('leaves out what it does not know', () => {
    const options = aboutPanelOptions({
      platform: 'linux',
      appName: 'OPP Console',
      version: '1.2.3',
      electronVersion: null,
      iconPath: null,
    });
    expect(options.iconPath).toBeUndefined();
    expect(options.copyright).not.toContain('Electron');
  });
});
