import type { ReactElement } from 'react';
import { AreaHeading } from '../../components/area-heading';
import { ErrorMessage } from '../../components/error-message';
import { AuditSyncIntervalForm } from './audit-sync-interval-form';
import { useSettings } from './settings-queries';
import { ThemeSwitch } from './theme-switch';

export function SettingsArea(): ReactElement {
  const settings = useSettings();

  return (
    <div className="area">
      <AreaHeading>Settings</AreaHeading>
      {settings.isPending && (
        <p className="loading" role="status">
          Loading settings…
        </p>
      )}
      {/* A failed refresh keeps the last settings on screen, under the message. */}
      {settings.isError && (
        <ErrorMessage
          error={settings.error}
          title="Settings could not be loaded."
          onRetry={() => void settings.refetch()}
        />
      )}
      {settings.data !== undefined && (
        <>
          <section className="panel" aria-labelledby="settings-appearance">
            <h2 className="panel__heading" id="settings-appearance">
              Appearance
            </h2>
            <ThemeSwitch />
          </section>
          <section className="panel" aria-labelledby="settings-audit">
            <h2 className="panel__heading" id="settings-audit">
              Audit log
            </h2>
            <AuditSyncIntervalForm savedMinutes={settings.data.auditSyncIntervalMinutes} />
          </section>
        </>
      )}
    </div>
  );
}
