import { Suspense, lazy, useMemo, type ComponentType, type ReactNode } from 'react';
import { BrowserRouter, Route, Routes } from 'react-router';
import { Provider as UrqlProvider } from 'urql';
import { ForgotPasswordPage } from '../modules/auth/components/forgot-password-page.tsx';
import { LoginPage } from '../modules/auth/components/login-page.tsx';
import { ResetPasswordPage } from '../modules/auth/components/reset-password-page.tsx';
import { SignupPage } from '../modules/auth/components/signup-page.tsx';
import { ConnectionRoute } from '../modules/discovery/components/connection-page.tsx';
import { ConnectionsPage } from '../modules/discovery/components/connections-page.tsx';
import { NewConnectionPage } from '../modules/discovery/components/new-connection-page.tsx';
import { RunRoute } from '../modules/discovery/components/run-page.tsx';
import { ActivityPage } from '../modules/history/components/activity-page.tsx';
import { InventoryItemRoute } from '../modules/inventory/components/inventory-item-page.tsx';
import { InventoryListPage } from '../modules/inventory/components/inventory-list-page.tsx';
import { INVENTORY_TYPES } from '../modules/inventory/inventory-types.ts';
import { ProfilePage } from '../modules/profile/components/profile-page.tsx';
import { NewSchedulePage } from '../modules/schedules/components/new-schedule-page.tsx';
import { ScheduleRoute } from '../modules/schedules/components/schedule-page.tsx';
import { SchedulesPage } from '../modules/schedules/components/schedules-page.tsx';
import { StatusPage } from '../modules/status/components/status-page.tsx';
import { InvitationsPage } from '../modules/teams/components/invitations-page.tsx';
import { TeamPage } from '../modules/teams/components/team-page.tsx';
import { TeamsPage } from '../modules/teams/components/teams-page.tsx';
import { AppShell } from './components/app-shell.tsx';
import { NotFoundPage } from './components/not-found-page.tsx';
import { RequireAuth } from './components/require-auth.tsx';
import { SessionKeeper } from './components/session-keeper.tsx';
import { sessionIdentity, type GraphQLConnection } from './graphql-client.ts';
import { LiveConnectionContext } from './live-connection-context.ts';
import { SessionContext, useSession, type SessionServices } from './session/session-context.ts';

/**
 * A page loaded on first visit, in a chunk of its own: the report pages
 * bring ECharts, which the rest of the dashboard does without.
 */
function lazyPage(load: () => Promise<ComponentType>) {
  const Page = lazy(async () => ({ default: await load() }));
  return function LazyPage() {
    return (
      <Suspense
        fallback={
          <p className="page muted" role="status">
            Loading…
          </p>
        }
      >
        <Page />
      </Suspense>
    );
  };
}

const ReportsPage = lazyPage(async () => (await import('../modules/reports/components/reports-page.tsx')).ReportsPage);
const NewReportPage = lazyPage(async () => (await import('../modules/reports/components/new-report-page.tsx')).NewReportPage);
const EditReportRoute = lazyPage(async () => (await import('../modules/reports/components/edit-report-page.tsx')).EditReportRoute);
const ReportRoute = lazyPage(async () => (await import('../modules/reports/components/report-page.tsx')).ReportRoute);
const ReportRunRoute = lazyPage(async () => (await import('../modules/reports/components/report-run-page.tsx')).ReportRunRoute);
const LatestReportRunRoute = lazyPage(async () => (await import('../modules/reports/components/report-run-page.tsx')).LatestReportRunRoute);
const GraphsPage = lazyPage(async () => (await import('../modules/graphs/components/graphs-page.tsx')).GraphsPage);
const NewGraphPage = lazyPage(async () => (await import('../modules/graphs/components/graph-form-pages.tsx')).NewGraphPage);
const EditGraphRoute = lazyPage(async () => (await import('../modules/graphs/components/graph-form-pages.tsx')).EditGraphRoute);
const GraphRoute = lazyPage(async () => (await import('../modules/graphs/components/graph-page.tsx')).GraphRoute);

export interface AppProps {
  connection: GraphQLConnection;
}

/** One urql client per user and workspace: switching either starts from an empty cache. */
function ClientProvider({ connection, children }: { connection: GraphQLConnection; children: ReactNode }) {
  const session = useSession();
  const client = connection.clientFor(sessionIdentity(session));
  return <UrqlProvider value={client}>{children}</UrqlProvider>;
}

export function App({ connection }: AppProps) {
  const services = useMemo<SessionServices>(
    () => ({ store: connection.session, refresher: connection.refresher }),
    [connection],
  );
  return (
    <SessionContext value={services}>
      <LiveConnectionContext value={connection.live}>
        <ClientProvider connection={connection}>
          <BrowserRouter>
            <SessionKeeper />
            <AppShell>
              <Routes>
                <Route path="/" element={<StatusPage />} />
                <Route path="/status" element={<StatusPage />} />
                <Route path="/login" element={<LoginPage />} />
                <Route path="/signup" element={<SignupPage />} />
                <Route path="/forgot-password" element={<ForgotPasswordPage />} />
                <Route path="/reset-password" element={<ResetPasswordPage />} />
                <Route element={<RequireAuth />}>
                  <Route path="/profile" element={<ProfilePage />} />
                  <Route path="/teams" element={<TeamsPage />} />
                  <Route path="/teams/:id" element={<TeamPage />} />
                  <Route path="/invitations" element={<InvitationsPage />} />
                  <Route path="/activity" element={<ActivityPage />} />
                  <Route path="/connections" element={<ConnectionsPage />} />
                  <Route path="/connections/new" element={<NewConnectionPage />} />
                  <Route path="/connections/:id" element={<ConnectionRoute />} />
                  <Route path="/connections/:id/runs/:runId" element={<RunRoute />} />
                  <Route path="/schedules" element={<SchedulesPage />} />
                  <Route path="/schedules/new" element={<NewSchedulePage />} />
                  <Route path="/schedules/:id" element={<ScheduleRoute />} />
                  <Route path="/reports" element={<ReportsPage />} />
                  <Route path="/reports/new" element={<NewReportPage />} />
                  <Route path="/reports/runs/:runId" element={<ReportRunRoute />} />
                  <Route path="/reports/:id" element={<ReportRoute />} />
                  <Route path="/reports/:id/edit" element={<EditReportRoute />} />
                  <Route path="/reports/:id/latest" element={<LatestReportRunRoute />} />
                  <Route path="/graphs" element={<GraphsPage />} />
                  <Route path="/graphs/new" element={<NewGraphPage />} />
                  <Route path="/graphs/:id" element={<GraphRoute />} />
                  <Route path="/graphs/:id/edit" element={<EditGraphRoute />} />
                  {INVENTORY_TYPES.map((def) => (
                    // Keys keep one type's list state from leaking into another's.
                    <Route key={def.type} path={`/${def.route}`} element={<InventoryListPage key={def.type} def={def} />} />
                  ))}
                  {INVENTORY_TYPES.map((def) => (
                    <Route key={`${def.type}-item`} path={`/${def.route}/:id/:view?`} element={<InventoryItemRoute key={def.type} def={def} />} />
                  ))}
                </Route>
                <Route path="*" element={<NotFoundPage />} />
              </Routes>
            </AppShell>
          </BrowserRouter>
        </ClientProvider>
      </LiveConnectionContext>
    </SessionContext>
  );
}
