import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { MyInvitations } from './my-invitations.tsx';

/** Where the invitation e-mail leads: the invitations addressed to you. */
export function InvitationsPage() {
  usePageTitle('Invitations');
  return (
    <section className="page" aria-labelledby="invitations-page-title">
      <header className="page__header">
        <h1 id="invitations-page-title" className="page__title">
          Invitations
        </h1>
        <p className="page__subtitle">A team admin invited your e-mail address. Nobody joins a team without accepting.</p>
      </header>
      <MyInvitations />
    </section>
  );
}
