/**
 * The access token sent with every request, once sign-in exists:
 * `Authorization: Bearer <token>` over HTTP and `connectionParams.authorization`
 * over the WebSocket link.
 */
export const ACCESS_TOKEN_STORAGE_KEY = 'maestro.accessToken';

export function getAccessToken(): string | null {
  try {
    return window.localStorage.getItem(ACCESS_TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function authorizationValue(): string | null {
  const token = getAccessToken();
  return token ? `Bearer ${token}` : null;
}
