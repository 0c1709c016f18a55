import type { ReportRunViewFragment } from '../../../gql/graphql.ts';
import { ReportChart } from './report-chart.tsx';

/** Each chart of a finished run, drawn from the option the server built. */
export function RunCharts({ run }: { run: ReportRunViewFragment }) {
  if (run.status !== 'SUCCEEDED') return <p className="panel__empty">No charts: the run has not succeeded.</p>;
  if (run.charts.length === 0) {
    return (
      <p className="panel__empty" data-testid="report-no-charts">
        No chart: none of its columns is a category to count rows by.
      </p>
    );
  }
  return (
    <div className="report-charts" data-testid="report-charts">
      {run.charts.map((chart) => (
        // The option draws its own title and count; the section is named by it for screen readers.
        <section key={chart.id} className="report-charts__item" aria-label={chart.title} data-testid="report-chart" data-column={chart.column} data-total={chart.total}>
          <ReportChart option={chart.option} title={chart.title} height={chart.kind === 'bar' ? 380 : 320} />
        </section>
      ))}
    </div>
  );
}
