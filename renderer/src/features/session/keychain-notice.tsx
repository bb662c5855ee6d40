import { Tooltip } from 'radix-ui';
import { useEffect, useRef, type ReactElement } from 'react';
import { ERROR_ADVICE } from '../../components/error-messages';
import { useToast } from '../../components/toasts';
import { useKeychainStatus } from './session-queries';

function reasonOf(reason: string | null): string {
  return reason ?? ERROR_ADVICE.KEYCHAIN_UNAVAILABLE;
}

/** Says once, as a notification, that sign-ins are kept in memory only. Mounted once, by the app. */
export function KeychainNotice(): null {
  const status = useKeychainStatus().data;
  const toast = useToast();
  const told = useRef(false);

  useEffect(() => {
    if (status?.backend !== 'memory' || told.current) return;
    told.current = true;
    toast.show({
      title: 'Sign-ins are kept in memory only.',
      description: `${reasonOf(status.reason)} You will need to sign in again after the console closes.`,
      tone: 'info',
    });
  }, [status, toast]);

  return null;
}

/** The header's lasting reminder that sessions are not saved, with the reason on hover or focus. */
export function MemoryOnlyMarker(): ReactElement | null {
  const status = useKeychainStatus().data;
  if (status?.backend !== 'memory') return null;
  return (
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        {/* Focusable so that keyboard users reach the reason too. Worded without "saved", which
            the Settings area's "Saved" status is found by. */}
        <span className="header-badge header-badge--warning" tabIndex={0} data-testid="memory-only-marker">
          Sessions in memory only
        </span>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip tooltip--wide" sideOffset={6}>
          {reasonOf(status.reason)}
        </Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
  );
}
