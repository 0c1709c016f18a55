import { Link, useNavigate } from 'react-router';
import { useMutation } from 'urql';
import { CreateConnectionDocument, type CreateConnectionInput } from '../../../gql/graphql.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { OwnerNote } from '../../inventory/components/owner-note.tsx';
import { CONNECTIONS_PATH, connectionPath } from '../connection-paths.ts';
import { ConnectionForm } from './connection-form.tsx';

/** A new discovery connection: saved, then opened, where it can be tested and run. */
export function NewConnectionPage() {
  usePageTitle('New connection');
  const navigate = useNavigate();
  const [result, create] = useMutation(CreateConnectionDocument);

  async function onSubmit(input: CreateConnectionInput) {
    const answer = await create({ input });
    if (answer.data) navigate(connectionPath(answer.data.createConnection.id));
  }

  return (
    <section className="page" aria-labelledby="new-connection-title">
      <header className="page__header">
        <p className="breadcrumbs">
          Discovery / <Link to={CONNECTIONS_PATH}>Connections</Link>
        </p>
        <h1 id="new-connection-title" className="page__title">
          New connection
        </h1>
        <p className="page__subtitle">
          The credentials of one AWS account, and what to discover in it. Once it is saved, test it and run it.
        </p>
      </header>
      <section className="panel" aria-label="Connection settings">
        <ConnectionForm
          mode={{ kind: 'create', onSubmit: (input) => void onSubmit(input) }}
          error={result.error}
          busy={result.fetching}
          submitLabel="Create connection"
          busyLabel="Creating…"
          onCancel={() => navigate(CONNECTIONS_PATH)}
          note={<OwnerNote />}
          labelledBy="new-connection-title"
        />
      </section>
    </section>
  );
}
