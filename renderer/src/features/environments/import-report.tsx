import type { ReactElement } from 'react';
import type { ImportReport } from './environment-queries';

/** What an import did: the environments added, and those skipped with the reason. */
export function ImportReportPanel({
  report,
  onDismiss,
}: {
  report: ImportReport & { file: string };
  onDismiss: () => void;
}): ReactElement {
  return (
    <section
      className="panel import-report"
      aria-labelledby="import-report-heading"
      data-testid="import-report"
    >
      <h2 className="panel__heading" id="import-report-heading">
        Import from <span className="path">{report.file}</span>
      </h2>
      <p>
        {report.added.length === 0
          ? 'No environments were added.'
          : `Added ${report.added.length} environment${report.added.length === 1 ? '' : 's'}: ${report.added.join(', ')}.`}
      </p>
      {report.skipped.length > 0 && (
        <>
          <p>
            Skipped {report.skipped.length} environment{report.skipped.length === 1 ? '' : 's'}:
          </p>
          <ul className="plain-list">
            {report.skipped.map((skipped, index) => (
              <li key={`${skipped.name}-${index}`}>
                <strong>{skipped.name}</strong>: {skipped.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <button type="button" className="button" onClick={onDismiss}>
        Dismiss
      </button>
    </section>
  );
}
