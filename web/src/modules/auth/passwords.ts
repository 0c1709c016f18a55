/** The API refuses shorter passwords. */
export const PASSWORD_MIN_LENGTH = 10;

export const PASSWORD_HINT = `At least ${PASSWORD_MIN_LENGTH} characters. A few unrelated words make a strong one.`;

/** The inline error for a "repeat the password" field, or undefined when it matches. */
export function repeatError(password: string, repeat: string, touched: boolean): string | undefined {
  if (!touched || repeat === password) return undefined;
  return 'The two passwords differ.';
}
