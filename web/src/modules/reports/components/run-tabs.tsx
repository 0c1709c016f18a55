import { useId, useRef, useState, type KeyboardEvent } from 'react';
import type { ReportRunViewFragment } from '../../../gql/graphql.ts';
import { RunCharts } from './run-charts.tsx';
import { RunInfo } from './run-info.tsx';
import { RunTable } from './run-table.tsx';

const TABS = [
  { key: 'charts', label: 'Charts' },
  { key: 'table', label: 'Table' },
  { key: 'info', label: 'Info' },
] as const;

type TabKey = (typeof TABS)[number]['key'];

/** A run's result on three tabs, as the original had: its charts, its table, and what it is. */
export function RunTabs({ run, latest }: { run: ReportRunViewFragment; latest: boolean }) {
  const id = useId();
  const [tab, setTab] = useState<TabKey>(run.status === 'SUCCEEDED' ? 'charts' : 'info');
  const buttons = useRef<Array<HTMLButtonElement | null>>([]);

  // Arrow keys move between tabs, as a tab list does.
  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = TABS.findIndex((entry) => entry.key === tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    const to = event.key === 'Home' ? 0 : event.key === 'End' ? TABS.length - 1 : step === 0 ? -1 : (index + step + TABS.length) % TABS.length;
    if (to < 0) return;
    event.preventDefault();
    setTab(TABS[to]!.key);
    buttons.current[to]?.focus();
  }

  return (
    <section className="panel report-result" aria-label="Result">
      <div className="tabs report-tabs" role="tablist" aria-label="Result views" onKeyDown={onKeyDown}>
        {TABS.map((entry, index) => (
          <button
            key={entry.key}
            ref={(element) => {
              buttons.current[index] = element;
            }}
            type="button"
            role="tab"
            id={`${id}-tab-${entry.key}`}
            aria-selected={tab === entry.key}
            aria-controls={`${id}-panel-${entry.key}`}
            tabIndex={tab === entry.key ? 0 : -1}
            className={`tabs__tab report-tabs__tab${tab === entry.key ? ' tabs__tab--active' : ''}`}
            onClick={() => setTab(entry.key)}
            data-testid={`report-tab-${entry.key}`}
          >
            {entry.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel-${tab}`} aria-labelledby={`${id}-tab-${tab}`} className="panel__body report-result__body" tabIndex={0}>
        {tab === 'charts' ? <RunCharts run={run} /> : null}
        {tab === 'table' ? <RunTable run={run} /> : null}
        {tab === 'info' ? <RunInfo run={run} latest={latest} /> : null}
      </div>
    </section>
  );
}
