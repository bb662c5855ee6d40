import { Select } from 'radix-ui';
import type { ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import { useUiStore } from '../../app/ui-store-context';
import { ColourTag } from '../../components/colour-tag';
import { Icon } from '../../components/icons';
import { useSession } from '../session/session-queries';
import { sessionStateText } from '../session/session-words';
import { useEnvironments } from './environment-queries';

function SwitcherItem({ environment }: { environment: EnvironmentView }): ReactElement {
  const session = useSession(environment.id);
  return (
    <Select.Item value={environment.id} className="menu__item switcher__item">
      {/* ItemText is the option's name and what the closed switcher shows. */}
      <Select.ItemText>
        <span className="switcher__value">
          <ColourTag colour={environment.colour} decorative />
          {environment.name}
        </span>
      </Select.ItemText>
      {environment.isProduction && <span className="badge badge--production">Production</span>}
      <span className="switcher__session">{sessionStateText(session)}</span>
      <Select.ItemIndicator className="switcher__check">
        <Icon name="check" />
      </Select.ItemIndicator>
    </Select.Item>
  );
}

/**
 * The header's "Active environment" choice. Switching changes only what the areas show: every
 * session stays signed in.
 */
export function EnvironmentSwitcher(): ReactElement {
  const environments = useEnvironments();
  const selectedId = useUiStore((state) => state.selectedEnvironmentId);
  const selectEnvironment = useUiStore((state) => state.selectEnvironment);

  if (environments.isPending) return <span className="app-header__muted">Loading environments…</span>;
  if (environments.isError)
    return <span className="app-header__muted">Environments could not be loaded</span>;
  if (environments.data.length === 0) return <span className="app-header__muted">No environments yet</span>;

  return (
    <Select.Root value={selectedId ?? ''} onValueChange={selectEnvironment}>
      <Select.Trigger className="switcher" aria-label="Active environment">
        <Select.Value placeholder="Choose an environment" />
        <Select.Icon className="switcher__icon">
          <Icon name="chevron" />
        </Select.Icon>
      </Select.Trigger>
      <Select.Portal>
        <Select.Content className="menu switcher__menu" position="popper" sideOffset={4}>
          <Select.Viewport>
            {environments.data.map((environment) => (
              <SwitcherItem key={environment.id} environment={environment} />
            ))}
          </Select.Viewport>
        </Select.Content>
      </Select.Portal>
    </Select.Root>
  );
}
