import { useSession } from '../../../app/session/session-context.ts';
import { usePageTitle } from '../../../shared/hooks/use-page-title.ts';
import { PasswordForm } from './password-form.tsx';
import { ProfileForm } from './profile-form.tsx';

export function ProfilePage() {
  usePageTitle('Profile');
  const { user } = useSession();
  return (
    <section className="page page--narrow" aria-labelledby="profile-title">
      <header className="page__header">
        <h1 id="profile-title" className="page__title">
          Profile
        </h1>
        <p className="page__subtitle">Your name and e-mail address as your team mates see them, and your password.</p>
      </header>
      <ProfileForm key={user?.id ?? 'unknown'} />
      <PasswordForm />
    </section>
  );
}
