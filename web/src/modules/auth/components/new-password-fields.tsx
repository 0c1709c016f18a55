import { TextField } from '../../../shared/forms/text-field.tsx';
import { PASSWORD_HINT, PASSWORD_MIN_LENGTH } from '../passwords.ts';

export interface NewPasswordFieldsProps {
  password: string;
  onPasswordChange(password: string): void;
  repeat: string;
  onRepeatChange(repeat: string): void;
  /** The API's complaint about the new password, if any. */
  passwordError?: string | undefined;
  /** The inline error of the repeat field, see repeatError. */
  repeatError?: string | undefined;
  /** Called when the repeat field loses focus, so that a mismatch starts to show. */
  onRepeatBlur(): void;
}

/** "New password" and "Repeat the new password", for choosing or changing a password. */
export function NewPasswordFields({
  password,
  onPasswordChange,
  repeat,
  onRepeatChange,
  passwordError,
  repeatError,
  onRepeatBlur,
}: NewPasswordFieldsProps) {
  return (
    <>
      <TextField
        label="New password"
        name="newPassword"
        error={passwordError}
        hint={PASSWORD_HINT}
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        value={password}
        onValueChange={onPasswordChange}
      />
      <TextField
        label="Repeat the new password"
        name="repeatPassword"
        error={repeatError}
        type="password"
        autoComplete="new-password"
        required
        value={repeat}
        onValueChange={onRepeatChange}
        onBlur={onRepeatBlur}
      />
    </>
  );
}
