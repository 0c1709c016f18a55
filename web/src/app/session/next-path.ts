/** Where to go after signing in when no (valid) `next` is given. */
export const DEFAULT_AFTER_SIGN_IN = '/datacenters';

/**
 * The `next` parameter of the sign-in page, if it is a path on this site
 * (never another origin: `//evil.example`, `/\evil.example`, `https://…`).
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return DEFAULT_AFTER_SIGN_IN;
  if ([...next].some((char) => char.charCodeAt(0) < 0x20)) return DEFAULT_AFTER_SIGN_IN;
  const path = next.split(/[?#]/)[0] ?? '';
  // Signing in should not lead back to a sign-in page.
  if (['/login', '/signup', '/forgot-password', '/reset-password'].includes(path)) return DEFAULT_AFTER_SIGN_IN;
  return next;
}

/** `/login?next=<path>` for the page the visitor wanted. */
export function loginPathFor(pathWithSearch: string): string {
  return `/login?next=${encodeURIComponent(pathWithSearch)}`;
}
