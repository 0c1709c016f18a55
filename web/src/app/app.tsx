import { BrowserRouter, Route, Routes } from 'react-router';
import { Provider as UrqlProvider } from 'urql';
import { StatusPage } from '../modules/status/components/status-page.tsx';
import { AppShell } from './components/app-shell.tsx';
import { NotFoundPage } from './components/not-found-page.tsx';
import type { GraphQLConnection } from './graphql-client.ts';
import { LiveConnectionContext } from './live-connection-context.ts';

export interface AppProps {
  connection: GraphQLConnection;
}

export function App({ connection }: AppProps) {
  return (
    <UrqlProvider value={connection.client}>
      <LiveConnectionContext value={connection.live}>
        <BrowserRouter>
          <AppShell>
            <Routes>
              <Route path="/" element={<StatusPage />} />
              <Route path="/status" element={<StatusPage />} />
              <Route path="*" element={<NotFoundPage />} />
            </Routes>
          </AppShell>
        </BrowserRouter>
      </LiveConnectionContext>
    </UrqlProvider>
  );
}
