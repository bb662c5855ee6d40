import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactElement } from 'react';
import type { EnvironmentView } from '../../../../shared/domain/environment';
import type { Session } from '../../../../shared/domain/session';
import { useOpp } from '../../app/opp-context';
import { queryKeys } from '../../app/query-keys';
import { useToast } from '../../components/toasts';
import { ReauthDialog, type ReauthPrompt } from './reauth-dialog';

/**
 * Answers main's `session.changed` events where the user must act: a session about to end or
 * ended asks for the password in place (over the current screen), a revoked one is announced.
 * The queries themselves are refreshed by `usePushInvalidation`. Mounted once, by the app.
 */
export function SessionEvents(): ReactElement | null {
  const opp = useOpp();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [prompt, setPrompt] = useState<ReauthPrompt | null>(null);

  useEffect(
    () =>
      opp.events.on('session.changed', ({ environmentId, reason, message }) => {
        // Read now, before the invalidated session is fetched again (and is gone).
        const session = queryClient.getQueryData<Session | null>(queryKeys.session(environmentId)) ?? null;
        const name =
          queryClient
            .getQueryData<EnvironmentView[]>(queryKeys.environments())
            ?.find((environment) => environment.id === environmentId)?.name ?? environmentId;
        switch (reason) {
          case 'expiring_soon':
          case 'expired':
            setPrompt((current) => ({
              environmentId,
              reason,
              username:
                session?.username ?? (current?.environmentId === environmentId ? current.username : null),
              expiresAt:
                session?.expiresAt ?? (current?.environmentId === environmentId ? current.expiresAt : null),
              message: message ?? null,
            }));
            break;
          case 'revoked':
            setPrompt((current) => (current?.environmentId === environmentId ? null : current));
            toast.show({
              title: `Signed out of ${name}.`,
              description: message ?? 'The server ended the session. Sign in again to continue.',
              tone: 'error',
            });
            break;
          case 'refreshed':
          case 'signed_out':
            // Renewed, or ended on purpose: nothing left to ask. ('signed_in' is left to the
            // dialog's own form, whose answer closes it.)
            setPrompt((current) => (current?.environmentId === environmentId ? null : current));
            break;
          case 'signed_in':
            break;
        }
      }),
    [opp, queryClient, toast],
  );

  return prompt === null ? null : <ReauthDialog prompt={prompt} onClose={() => setPrompt(null)} />;
}
