import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { CreateGraphDocument, GraphDocument, GraphSourcesDocument, UpdateGraphDocument, type GraphInput, type GraphSummaryFragment } from '../../../gql/graphql.ts';
import { FormAlert } from '../../../shared/forms/form-alert.tsx';
import { readActionError } from '../../../shared/forms/form-errors.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { roleAtLeast } from '../../access/roles.ts';
import { OwnerNote } from '../../inventory/components/owner-note.tsx';
import { nodeLabel } from '../../inventory/item-values.ts';
import { draftOfGraph, newGraphDraft } from '../graph-draft.ts';
import { GRAPHS_PATH, graphPath } from '../graph-paths.ts';
import { GraphForm } from './graph-form.tsx';

/** A new graph: saved, then opened, where it can be built. */
export function NewGraphPage() {
  usePageTitle('New graph');
  const navigate = useNavigate();
  const [result, create] = useMutation(CreateGraphDocument);

  async function onSubmit(input: GraphInput) {
    const answer = await create({ input });
    if (answer.data) navigate(graphPath(answer.data.createGraph.id));
  }

  return (
    <section className="page page--wide" aria-labelledby="new-graph-title">
      <header className="page__header">
        <p className="breadcrumbs">
          <Link to={GRAPHS_PATH}>Dependency graphs</Link>
        </p>
        <h1 id="new-graph-title" className="page__title">
          New graph
        </h1>
        <p className="page__subtitle">
          Where it starts, how far it goes and along which relations; each build uses the access of whoever asks for it. <OwnerNote />
        </p>
      </header>
      <section className="panel" aria-label="Graph definition">
        <GraphForm initial={newGraphDraft()} onSubmit={(input) => void onSubmit(input)} error={result.error} busy={result.fetching} submitLabel="Create graph" onCancel={() => navigate(GRAPHS_PATH)} labelledBy="new-graph-title" />
      </section>
    </section>
  );
}

/** One edit page per graph. */
export function EditGraphRoute() {
  const { id = '' } = useParams();
  return <EditGraphPage key={id} id={id} />;
}

function EditGraphPage({ id }: { id: string }) {
  const [{ data, fetching, error }] = useQuery({ query: GraphDocument, variables: { id }, requestPolicy: 'network-only' });
  const graph = data?.graph ?? null;
  usePageTitle(graph ? `Edit ${graph.name}` : 'Edit graph');
  if (!graph || !graph.active || !roleAtLeast(graph.myRole, 'WRITE')) {
    return (
      <section className="page" aria-labelledby="edit-graph-title" aria-busy={fetching}>
        <header className="page__header">
          <p className="breadcrumbs">
            <Link to={GRAPHS_PATH}>Dependency graphs</Link>
          </p>
          <h1 id="edit-graph-title" className="page__title">
            {fetching && !graph ? 'Loading graph…' : graph ? 'You cannot change this graph' : 'Graph not found'}
          </h1>
        </header>
        {error ? <FormAlert>{readActionError(error)}</FormAlert> : null}
        {graph ? <p>{graph.active ? 'Changing it needs the Write role; you can build it.' : 'It is deleted.'}</p> : null}
      </section>
    );
  }
  return <EditGraphForm graph={graph} />;
}

function EditGraphForm({ graph }: { graph: GraphSummaryFragment }) {
  const navigate = useNavigate();
  const [sources] = useQuery({ query: GraphSourcesDocument, variables: { ids: graph.sourceIds }, requestPolicy: 'network-only' });
  const [result, update] = useMutation(UpdateGraphDocument);
  if (!sources.data) return <p className="panel__empty">Loading…</p>;
  const picks = sources.data.nodes.flatMap((node, index) => [{ id: graph.sourceIds[index]!, name: node ? nodeLabel(node) : 'An item you cannot see' }]);

  async function onSubmit(input: GraphInput) {
    const answer = await update({ id: graph.id, input });
    if (answer.data) navigate(graphPath(graph.id));
  }

  return (
    <section className="page page--wide" aria-labelledby="edit-graph-title">
      <header className="page__header">
        <p className="breadcrumbs">
          <Link to={GRAPHS_PATH}>Dependency graphs</Link> / <Link to={graphPath(graph.id)}>{graph.name}</Link>
        </p>
        <h1 id="edit-graph-title" className="page__title">
          Edit {graph.name}
        </h1>
        <p className="page__subtitle">Builds made before keep what they found; the next builds use this definition.</p>
      </header>
      <section className="panel" aria-label="Graph definition">
        <GraphForm initial={draftOfGraph(graph, picks)} onSubmit={(input) => void onSubmit(input)} error={result.error} busy={result.fetching} submitLabel="Save changes" onCancel={() => navigate(graphPath(graph.id))} labelledBy="edit-graph-title" />
      </section>
    </section>
  );
}
