import type { ReportRunViewFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { useRunExport } from '../hooks/use-run-export.ts';
import { EXPORT_FORMATS, EXPORT_FORMAT_HINTS, EXPORT_FORMAT_LABELS } from '../report-labels.ts';

/** A button per format: each downloads the run with the signed-in user's token and saves it under the API's file name. */
export function RunExports({ run }: { run: ReportRunViewFragment }) {
  const exporter = useRunExport(run.id);
  const ready = run.status === 'SUCCEEDED';
  return (
    <section className="panel" aria-labelledby="report-exports-title">
      <header className="panel__header">
        <h2 id="report-exports-title" className="panel__title">
          Download
        </h2>
        <span className="panel__meta">{ready ? 'Every row, in the format you pick' : 'Once the run has succeeded'}</span>
      </header>
      <div className="panel__body">
        <div className="report-exports" role="group" aria-labelledby="report-exports-title" aria-busy={exporter.busy !== null}>
          {EXPORT_FORMATS.map((format) => (
            <button
              key={format}
              type="button"
              className="button"
              title={EXPORT_FORMAT_HINTS[format]}
              aria-label={`Download ${EXPORT_FORMAT_LABELS[format]}`}
              disabled={!ready || exporter.busy !== null}
              onClick={() => exporter.start(format)}
              data-testid={`export-${format}`}
            >
              {exporter.busy === format ? `${EXPORT_FORMAT_LABELS[format]}…` : EXPORT_FORMAT_LABELS[format]}
            </button>
          ))}
        </div>
        {exporter.error ? (
          <div className="report-exports__error">
            <FormAlert testId="report-export-error">{exporter.error}</FormAlert>
            <button type="button" className="button button--quiet button--small" onClick={exporter.dismissError}>
              Dismiss
            </button>
          </div>
        ) : null}
      </div>
    </section>
  );
}
