import { useCallback, useRef, useState, type ReactElement } from 'react';
import type { EnvironmentId, EnvironmentView } from '../../../../shared/domain/environment';
import { AreaHeading } from '../../components/area-heading';
import { ErrorMessage } from '../../components/error-message';
import { ReasonButton } from '../../components/guarded-button';
import { useToast } from '../../components/toasts';
import { useReturnFocus } from '../../components/use-return-focus';
import { SignInDialog } from '../session/sign-in-dialog';
import { DeleteEnvironmentDialog } from './delete-environment-dialog';
import { EnvironmentDialog } from './environment-dialog';
import { EnvironmentList } from './environment-list';
import {
  useEnvironments,
  useExportEnvironments,
  useImportEnvironments,
  type ImportReport,
} from './environment-queries';
import { ImportReportPanel } from './import-report';

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'edit'; id: EnvironmentId }
  | { kind: 'delete'; id: EnvironmentId }
  | { kind: 'signIn'; id: EnvironmentId };

function EmptyState({ onAdd }: { onAdd: () => void }): ReactElement {
  return (
    <div className="empty-state">
      <p className="empty-state__title">No environments yet</p>
      <p>
        Add the first OPP deployment you administer: a name and the address of its API, then sign in.
        Environments exported from another console can be imported too.
      </p>
      <button type="button" className="button button--primary" onClick={onAdd}>
        Add your first environment
      </button>
    </div>
  );
}

/** The environments: add, edit, order, sign in and out, choose the one to use, export and import. */
export function EnvironmentsArea(): ReactElement {
  const environments = useEnvironments();
  const exportEnvironments = useExportEnvironments();
  const importEnvironments = useImportEnvironments();
  const toast = useToast();
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [report, setReport] = useState<(ImportReport & { file: string }) | null>(null);
  const areaRef = useRef<HTMLDivElement>(null);
  const focusHeading = useCallback(() => areaRef.current?.querySelector<HTMLElement>('h1')?.focus(), []);
  // The dialogs open from buttons in the toolbar and the rows: the focus goes back there on close.
  const returnFocus = useReturnFocus(focusHeading);

  const list = environments.data ?? [];
  const find = (id: EnvironmentId): EnvironmentView | undefined => list.find((e) => e.id === id);
  const opened = dialog === null || dialog.kind === 'add' ? undefined : find(dialog.id);
  const open = (next: OpenDialog): void => {
    returnFocus.remember();
    setDialog(next);
  };
  const close = (isOpen: boolean): void => {
    if (!isOpen) setDialog(null);
  };

  const runExport = (): void =>
    exportEnvironments.mutate(undefined, {
      onSuccess: ({ file, count }) => {
        if (file === null) return; // cancelled in the file dialog
        toast.show({
          title: `Exported ${count} environment${count === 1 ? '' : 's'}.`,
          description: `Written to ${file}, without passwords or tokens.`,
          tone: 'success',
        });
      },
      onError: (error) => toast.showError(error, 'The environments were not exported.', { write: true }),
    });

  const runImport = (): void =>
    importEnvironments.mutate(undefined, {
      onSuccess: (answer) => {
        if (answer.file !== null) setReport({ ...answer, file: answer.file });
      },
      onError: (error) => toast.showError(error, 'The environments were not imported.', { write: true }),
    });

  return (
    <div className="area" ref={areaRef}>
      <AreaHeading>Environments</AreaHeading>
      <div className="toolbar">
        <button type="button" className="button button--primary" onClick={() => open({ kind: 'add' })}>
          Add environment
        </button>
        <ReasonButton
          className="button"
          disabledReason={list.length === 0 ? 'There are no environments to export yet.' : null}
          busy={exportEnvironments.isPending}
          onClick={runExport}
        >
          Export…
        </ReasonButton>
        <button type="button" className="button" disabled={importEnvironments.isPending} onClick={runImport}>
          Import…
        </button>
      </div>

      {report !== null && <ImportReportPanel report={report} onDismiss={() => setReport(null)} />}

      {environments.isPending && (
        <p className="loading" role="status">
          Loading environments…
        </p>
      )}
      {environments.isError && (
        <ErrorMessage
          error={environments.error}
          title="The environments could not be loaded."
          onRetry={() => void environments.refetch()}
        />
      )}
      {environments.isSuccess && list.length === 0 && <EmptyState onAdd={() => open({ kind: 'add' })} />}
      {list.length > 0 && (
        <EnvironmentList
          environments={list}
          onSignIn={(environment) => open({ kind: 'signIn', id: environment.id })}
          onEdit={(environment) => open({ kind: 'edit', id: environment.id })}
          onDelete={(environment) => open({ kind: 'delete', id: environment.id })}
        />
      )}

      <EnvironmentDialog
        open={dialog?.kind === 'add'}
        onOpenChange={close}
        onCloseAutoFocus={returnFocus.onCloseAutoFocus}
      />
      {opened !== undefined && (
        <>
          <EnvironmentDialog
            environment={opened}
            open={dialog?.kind === 'edit'}
            onOpenChange={close}
            onCloseAutoFocus={returnFocus.onCloseAutoFocus}
          />
          <SignInDialog
            environment={opened}
            open={dialog?.kind === 'signIn'}
            onOpenChange={close}
            onCloseAutoFocus={returnFocus.onCloseAutoFocus}
          />
          <DeleteEnvironmentDialog
            environment={opened}
            open={dialog?.kind === 'delete'}
            onOpenChange={close}
            onDeleted={() => toast.show({ title: `${opened.name} deleted.`, tone: 'success' })}
            onCloseAutoFocus={returnFocus.onCloseAutoFocus}
            // Its row, and the button that was focused, are gone: the heading takes the focus.
            focusAfterDelete={focusHeading}
          />
        </>
      )}
    </div>
  );
}
