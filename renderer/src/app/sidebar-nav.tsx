import { Tooltip } from 'radix-ui';
import type { ReactElement } from 'react';
import { Icon } from '../components/icons';
import { AREAS, type AreaDefinition } from './areas';
import { ariaKeyShortcut, shortcutLabel } from './shortcuts';
import { useUiStore } from './ui-store-context';

function NavItem({ area, active }: { area: AreaDefinition; active: boolean }): ReactElement {
  const showArea = useUiStore((state) => state.showArea);
  return (
    <li>
      <Tooltip.Root>
        <Tooltip.Trigger asChild>
          <button
            type="button"
            className="nav-item"
            aria-current={active ? 'page' : undefined}
            aria-keyshortcuts={ariaKeyShortcut(area.shortcutDigit)}
            onClick={() => showArea(area.id)}
          >
            <Icon name={area.id} />
            {/* Hidden visually when collapsed, but always the button's name. */}
            <span className="nav-item__label">{area.label}</span>
          </button>
        </Tooltip.Trigger>
        <Tooltip.Portal>
          <Tooltip.Content className="tooltip" side="right" sideOffset={8}>
            {area.label} <kbd className="kbd">{shortcutLabel(area.shortcutDigit)}</kbd>
          </Tooltip.Content>
        </Tooltip.Portal>
      </Tooltip.Root>
    </li>
  );
}

/** The sidebar: one button per area, the open one marked with aria-current. */
export function SidebarNav(): ReactElement {
  const current = useUiStore((state) => state.area);
  const collapsed = useUiStore((state) => state.sidebarCollapsed);
  const toggleSidebar = useUiStore((state) => state.toggleSidebar);

  return (
    <nav className="sidebar" aria-label="Areas" data-collapsed={collapsed}>
      <ul className="sidebar__list">
        {AREAS.map((area) => (
          <NavItem key={area.id} area={area} active={area.id === current} />
        ))}
      </ul>
      <button
        type="button"
        className="sidebar__toggle"
        aria-expanded={!collapsed}
        aria-label={collapsed ? 'Expand sidebar' : 'Collapse sidebar'}
        onClick={toggleSidebar}
      >
        <Icon name={collapsed ? 'expand' : 'collapse'} />
      </button>
    </nav>
  );
}
