import { useState, type ReactElement } from 'react';
import type { AuditFilter } from '../../../../shared/domain/audit-query';
import type { EnvironmentId } from '../../../../shared/domain/environment';
import { ReasonButton } from '../../components/guarded-button';
import { useToast } from '../../components/toasts';
import { useExportAudit, type AuditExportReport } from './audit-queries';
import { countWords } from './audit-words';

type Written = AuditExportReport & { file: string };

/** What was written: the file, the count and the SHA-256 its manifest records. */
function ExportResult({ report, onDismiss }: { report: Written; onDismiss: () => void }): ReactElement {
  return (
    <div className="audit-export-result" role="status" aria-label="Export result">
      <p className="audit-export-result__title">
        Exported {countWords(report.count)} to <span className="path">{report.file}</span>
      </p>
      <dl className="facts">
        {report.manifestFile !== null && (
          <>
            <dt>Manifest</dt>
            <dd className="path">{report.manifestFile}</dd>
          </>
        )}
        <dt>SHA-256</dt>
        <dd>
          <code className="path" data-testid="audit-export-sha256">
            {report.sha256 ?? 'not recorded'}
          </code>
        </dd>
      </dl>
      <button type="button" className="button button--quiet" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}

/** "Export CSV" / "Export JSON" of the current filter; main asks where and writes a manifest beside it. */
export function AuditExport({
  environmentId,
  filter,
  total,
}: {
  environmentId: EnvironmentId;
  filter: AuditFilter;
  total: number;
}): ReactElement {
  const exportAudit = useExportAudit(environmentId);
  const toast = useToast();
  const [report, setReport] = useState<Written | null>(null);
  const reason = total === 0 ? 'No events match the filter: there is nothing to export.' : null;

  const run = (format: 'csv' | 'json'): void => {
    setReport(null);
    exportAudit.mutate(
      { filter, format },
      {
        onSuccess: (answer) => {
          // Cancelled in the save dialog: nothing to say.
          if (answer.file !== null) setReport({ ...answer, file: answer.file });
        },
        onError: (error) => toast.showError(error, 'The events were not exported.', { write: true }),
      },
    );
  };

  return (
    <>
      <div className="audit-export" role="group" aria-label="Export">
        <ReasonButton
          className="button"
          disabledReason={reason}
          busy={exportAudit.isPending}
          onClick={() => run('csv')}
        >
          Export CSV
        </ReasonButton>
        <ReasonButton
          className="button"
          disabledReason={reason}
          busy={exportAudit.isPending}
          onClick={() => run('json')}
        >
          Export JSON
        </ReasonButton>
      </div>
      {report !== null && <ExportResult report={report} onDismiss={() => setReport(null)} />}
    </>
  );
}
