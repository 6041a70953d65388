import { fieldErrorsOf, type FormErrors } from '../forms/form-errors.ts';
import { MIN_PASSWORD_LENGTH } from '../../server/auth/instance.ts';

/**
 * The checks of a new password typed twice (NewPasswordFields), beside the field at fault: long enough, and
 * the same in both boxes. `name` is the new password's field; its repeat is `repeat`.
 */
export function newPasswordErrorsOf(form: FormData, name: string): FormErrors {
  const password = String(form.get(name) ?? '');
  const problems: Record<string, string> = {};
  if (password.length < MIN_PASSWORD_LENGTH)
    problems[name] = `New password must be ${MIN_PASSWORD_LENGTH} characters or more`;
  if (password !== String(form.get('repeat') ?? '')) problems.repeat = 'Enter the same new password in both boxes';
  return fieldErrorsOf(problems);
}
