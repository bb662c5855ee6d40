import { useMutation } from '@tanstack/react-query';
import { Dialog } from 'radix-ui';
import type { ReactElement } from 'react';
import type { AppInfo } from '../../../shared/domain/app';
import { ErrorMessage } from '../components/error-message';
import { useAppInfo } from './app-info-query';
import { useOpp } from './opp-context';
import { useUiStore } from './ui-store-context';

function AboutFacts({ info }: { info: AppInfo }): ReactElement {
  return (
    <dl className="facts">
      <dt>Name</dt>
      <dd>{info.name}</dd>
      <dt>Version</dt>
      <dd data-testid="about-version">{info.version}</dd>
      <dt>Platform</dt>
      <dd>
        {info.platform} ({info.arch})
      </dd>
      <dt>Electron</dt>
      <dd>{info.electronVersion ?? 'not running in Electron'}</dd>
      <dt>Node</dt>
      <dd>{info.nodeVersion}</dd>
      <dt>Data folder</dt>
      <dd>
        <code className="path">{info.dataFolder}</code>
      </dd>
      <dt>Log folder</dt>
      <dd>
        <code className="path">{info.logFolder}</code>
      </dd>
    </dl>
  );
}

function AboutBody(): ReactElement {
  const opp = useOpp();
  const info = useAppInfo();
  const openLogFolder = useMutation({ mutationFn: () => opp.app.openLogFolder() });

  if (info.isPending) {
    return (
      <p className="loading" role="status">
        Loading version and folders…
      </p>
    );
  }
  if (info.isError) {
    return (
      <ErrorMessage
        error={info.error}
        title="The version and folders could not be read."
        onRetry={() => void info.refetch()}
      />
    );
  }
  return (
    <>
      <AboutFacts info={info.data} />
      <div className="button-row">
        <button
          type="button"
          className="button"
          disabled={openLogFolder.isPending}
          onClick={() => openLogFolder.mutate()}
        >
          Open log folder
        </button>
      </div>
      {/* Shown here, not as a toast: the modal dialog hides the notification area. */}
      {openLogFolder.isError && (
        <ErrorMessage error={openLogFolder.error} title="The log folder could not be opened." />
      )}
    </>
  );
}

/** The header's About button and the panel it opens. */
export function AboutDialog(): ReactElement {
  const open = useUiStore((state) => state.aboutOpen);
  const setOpen = useUiStore((state) => state.setAboutOpen);

  return (
    <Dialog.Root open={open} onOpenChange={setOpen}>
      <Dialog.Trigger className="button button--quiet">About</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog">
          <Dialog.Title className="dialog__title">About OPP Console</Dialog.Title>
          <Dialog.Description className="dialog__description">
            This installation’s version, platform and folders.
          </Dialog.Description>
          {/* Rendered only while open, so app.info is asked for when first needed. */}
          <AboutBody />
          <Dialog.Close className="dialog__close" aria-label="Close">
            ×
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
