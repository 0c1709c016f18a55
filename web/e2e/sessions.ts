import type { Browser, BrowserContext, Page } from 'playwright-core';
import { gql } from '../../test/support/stack.ts';

export const PASSWORD = 'correct horse battery staple';

export interface SignedUp {
  accessToken: string;
  refreshToken: string;
  accessTokenExpiresAt: string;
  user: { id: string; name: string; email: string | null };
}

export function unique(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/** A new account, signed up through the API. */
export async function signUpThroughApi(baseUrl: string, name: string, label = 'e2e'): Promise<SignedUp> {
  const answer = await gql<{ signup: SignedUp }>(
    baseUrl,
    'mutation($input: SignupInput!) { signup(input: $input) { accessToken refreshToken accessTokenExpiresAt user { id name email } } }',
    { input: { name, email: `${unique(label)}@example.com`, password: PASSWORD } },
  );
  if (!answer.data) throw new Error(`signup failed: ${JSON.stringify(answer.errors)}`);
  return answer.data.signup;
}

/** A browser context of its own for `who`, signed in the way the session store keeps a session. */
export async function contextSignedInAs(browser: Browser, who: SignedUp): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1360, height: 900 } });
  await context.addInitScript((session: SignedUp) => {
    // Only once: later loads keep whatever tokens the dashboard renewed since.
    if (localStorage.getItem('maestro.refreshToken')) return;
    localStorage.setItem('maestro.accessToken', session.accessToken);
    localStorage.setItem('maestro.refreshToken', session.refreshToken);
    localStorage.setItem('maestro.accessTokenExpiresAt', session.accessTokenExpiresAt);
    localStorage.setItem('maestro.user', JSON.stringify(session.user));
  }, who);
  return context;
}

/** A page in `context` that records uncaught page errors into `errors`. */
export async function watchedPage(context: BrowserContext, errors: string[], label: string): Promise<Page> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => errors.push(`${label}: ${error.message}`));
  return page;
}
