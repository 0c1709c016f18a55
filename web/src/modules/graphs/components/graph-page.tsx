import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { BuildGraphDocument, DeleteGraphDocument, GraphBuildDocument, GraphDocument, GraphSourcesDocument, type GraphBuildViewFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { formatDateTime } from '../../../shared/format.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { roleAtLeast } from '../../access/roles.ts';
import { ProgressBar } from '../../discovery/components/progress-bar.tsx';
import { nodeLabel } from '../../inventory/item-values.ts';
import { GRAPH_BUILD_STATUS_LABELS, GRAPH_EXPORT_FORMATS, GRAPH_EXPORT_HINTS, buildFraction, buildProgressText, describeGraph, graphBuildTone, isGraphBuildFinished } from '../graph-labels.ts';
import type { Picture } from '../graph-picture.ts';
import { GRAPHS_PATH, editGraphPath } from '../graph-paths.ts';
import { useGraphExport } from '../hooks/use-graph-export.ts';
import { useLiveGraphBuild } from '../hooks/use-live-graph-build.ts';
import { GraphMetrics } from './graph-metrics.tsx';
import { GraphPictureView } from './graph-picture-view.tsx';
import { GraphShares } from './graph-shares.tsx';

const GRAPH_CONTEXT = { additionalTypenames: ['GraphShareLink', 'GraphBuild'] };

/** One page per graph: moving to another starts afresh. */
export function GraphRoute() {
  const { id = '' } = useParams();
  return <GraphPage key={id} id={id} />;
}

/** A build's items and relations, where the layout put them (items it did not place are left out). */
export function pictureOf(build: GraphBuildViewFragment): Picture {
  const nodes = build.nodes.flatMap((node) =>
    node.x !== null && node.y !== null && node.width !== null && node.height !== null ? [{ ...node, x: node.x, y: node.y, width: node.width, height: node.height }] : [],
  );
  return { nodes, edges: build.edges, width: build.width ?? 0, height: build.height ?? 0 };
}

function Downloads({ buildId }: { buildId: string }) {
  const exporter = useGraphExport(buildId);
  return (
    <section className="panel" aria-labelledby="graph-downloads-title">
      <header className="panel__header">
        <h2 id="graph-downloads-title" className="panel__title">
          Download
        </h2>
      </header>
      <div className="panel__body">
        <div className="report-exports" role="group" aria-labelledby="graph-downloads-title">
          {GRAPH_EXPORT_FORMATS.map((format) => (
            <button key={format} type="button" className="button" title={GRAPH_EXPORT_HINTS[format]} aria-label={`Download ${format}`} disabled={exporter.busy !== null} onClick={() => exporter.start(format)} data-testid={`graph-export-${format}`}>
              {exporter.busy === format ? `${format}…` : format}
            </button>
          ))}
        </div>
        {exporter.error ? <FormAlert testId="graph-export-error">{exporter.error}</FormAlert> : null}
      </div>
    </section>
  );
}

function BuildView({ buildId, onRebuild, rebuilding }: { buildId: string; onRebuild(): void; rebuilding: boolean }) {
  const [{ data, fetching, error }] = useQuery({ query: GraphBuildDocument, variables: { id: buildId }, requestPolicy: 'cache-and-network' });
  const build = data?.graphBuild ?? null;
  const picture = useMemo(() => (build ? pictureOf(build) : null), [build]);
  if (error) return <FormAlert>{readActionError(error)}</FormAlert>;
  if (!build || !picture) return <p className="panel__empty">{fetching ? 'Loading the build…' : 'This build is gone.'}</p>;
  return (
    <>
      <section className="panel" aria-labelledby="graph-picture-title" data-testid="graph-build" data-build-id={build.id}>
        <header className="panel__header">
          <h2 id="graph-picture-title" className="panel__title">
            Picture
          </h2>
          <span className="panel__meta">Built {formatDateTime(build.finishedAt ?? build.createdAt)}</span>
        </header>
        <div className="panel__body">
          {build.stale ? (
            <div className="alert alert--warning graph-stale" role="status" data-testid="graph-stale">
              Something in it changed since it was built.{' '}
              <button type="button" className="button button--small" onClick={onRebuild} disabled={rebuilding}>
                Rebuild
              </button>
            </div>
          ) : null}
          {build.notice ? (
            <p className="alert alert--info" data-testid="graph-notice">
              {build.notice}
            </p>
          ) : null}
          {picture.nodes.length === 0 ? <p className="muted">No item you can see.</p> : <GraphPictureView picture={picture} label="Dependency graph picture" />}
        </div>
      </section>
      {build.metrics ? <GraphMetrics metrics={build.metrics} /> : null}
      <Downloads buildId={build.id} />
    </>
  );
}

function GraphPage({ id }: { id: string }) {
  const navigate = useNavigate();
  const [{ data, fetching, error }] = useQuery({ query: GraphDocument, variables: { id }, context: GRAPH_CONTEXT, requestPolicy: 'cache-and-network' });
  const graph = data?.graph ?? null;
  usePageTitle(graph?.name ?? 'Dependency graph');
  const [sources] = useQuery({ query: GraphSourcesDocument, variables: { ids: graph?.sourceIds ?? [] }, pause: !graph });
  const live = useLiveGraphBuild(id, graph?.builds[0] ?? null);
  const [built, build] = useMutation(BuildGraphDocument);
  const [, remove] = useMutation(DeleteGraphDocument);
  const [actionError, setActionError] = useState<string | null>(null);

  if (!graph) {
    return (
      <section className="page" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            <Link to={GRAPHS_PATH}>Dependency graphs</Link>
          </p>
          <h1 className="page__title">{fetching ? 'Loading graph…' : 'Graph not found'}</h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {!fetching && !error ? <p>It does not exist, or you have no role on it.</p> : null}
      </section>
    );
  }

  async function onBuild() {
    setActionError(null);
    const answer = await build({ id });
    if (answer.data) live.started(answer.data.buildGraph);
    else setActionError(readActionError(answer.error));
  }

  async function onDelete() {
    if (!graph || !window.confirm(`Delete ${graph.name}? Its share links stop working at once.`)) return;
    const answer = await remove({ id });
    if (answer.data) navigate(GRAPHS_PATH);
    else setActionError(readActionError(answer.error));
  }

  const names = (sources.data?.nodes ?? []).map((node) => (node ? nodeLabel(node) : '…'));
  const current = live.current;
  const under = current !== null && !isGraphBuildFinished(current.status);
  // The newest build that succeeded: the one just finished, or the last good one.
  const shown = current?.status === 'SUCCEEDED' ? current.id : (graph.lastBuild?.id ?? null);

  return (
    <section className="page page--wide" aria-labelledby="graph-title">
      <header className="page__header page__header--actions">
        <div>
          <p className="breadcrumbs">
            <Link to={GRAPHS_PATH}>Dependency graphs</Link>
          </p>
          <h1 id="graph-title" className="page__title" data-testid="graph-title">
            {graph.name}
          </h1>
          {graph.description ? <p className="page__subtitle">{graph.description}</p> : null}
          <p data-testid="graph-definition">{describeGraph(graph, names)}</p>
          {graph.nextRunAt ? <p className="muted">Next scheduled build: {formatDateTime(graph.nextRunAt)}</p> : null}
        </div>
        <div className="page__actions">
          <button type="button" className="button button--primary" onClick={() => void onBuild()} disabled={built.fetching || under} data-testid="build-graph">
            {under ? 'Building…' : 'Build'}
          </button>
          {roleAtLeast(graph.myRole, 'WRITE') ? (
            <Link to={editGraphPath(graph.id)} className="button">
              Edit
            </Link>
          ) : null}
          {roleAtLeast(graph.myRole, 'ADMIN') ? (
            <button type="button" className="button button--quiet" onClick={() => void onDelete()}>
              Delete
            </button>
          ) : null}
        </div>
      </header>

      {actionError ? <FormAlert testId="graph-action-error">{actionError}</FormAlert> : null}

      {current && current.id !== shown ? (
        <section className="panel" aria-label="Latest build" data-testid="graph-latest-build" data-status={current.status}>
          <div className="panel__body">
            <p>
              <strong data-testid="graph-build-status">{GRAPH_BUILD_STATUS_LABELS[current.status]}</strong>
              {current.error ? `: ${current.error}` : ''}
            </p>
            {under ? (
              <div className="report-progress">
                <ProgressBar fraction={buildFraction(current)} label="Graph build progress" tone={graphBuildTone(current.status)} valueText={buildProgressText(current)} />
                <span className="muted" data-testid="graph-progress-text">
                  {buildProgressText(current)}
                </span>
              </div>
            ) : null}
          </div>
        </section>
      ) : null}

      {shown ? (
        <BuildView key={shown} buildId={shown} onRebuild={() => void onBuild()} rebuilding={built.fetching || under} />
      ) : !current ? (
        <p className="panel panel__empty" data-testid="no-graph-builds">
          Not built yet: Build walks the inventory from its sources with your access.
        </p>
      ) : null}

      {roleAtLeast(graph.myRole, 'ADMIN') ? <GraphShares graphId={graph.id} links={graph.shareLinks} /> : null}
    </section>
  );
}
