import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import './playground.css';
import { GraphiQL } from 'graphiql';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createPlaygroundFetcher } from './playground-fetcher.ts';

const DEFAULT_QUERY = `# Maestro GraphQL playground
#
# Queries and mutations: POST /graphql on this host.
# Subscriptions: graphql-ws on the same path.
#
# To act as a signed-in user, open "Headers" below:
#   { "Authorization": "Bearer <access token>" }
# Subscriptions get the same value as
# connectionParams.authorization.

query Status {
  status {
    ok
    checkedAt
    components {
      name
      ok
      latencyMs
      detail
    }
  }
}

subscription StatusChanged {
  statusChanged {
    ok
    components {
      name
      ok
    }
  }
}
`;

const wsProtocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
const fetcher = createPlaygroundFetcher({
  httpUrl: '/graphql',
  wsUrl: `${wsProtocol}//${window.location.host}/graphql`,
});

const container = document.getElementById('playground');
if (!container) throw new Error('playground.html has no #playground element');

createRoot(container).render(
  <StrictMode>
    <GraphiQL fetcher={fetcher} defaultQuery={DEFAULT_QUERY} isHeadersEditorEnabled defaultEditorToolsVisibility>
      <GraphiQL.Logo>
        <a className="playground-logo" href="/" title="Back to the Maestro dashboard">
          Maestro
        </a>
      </GraphiQL.Logo>
    </GraphiQL>
  </StrictMode>,
);
