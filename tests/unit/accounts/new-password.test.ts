import { describe, expect, it } from 'vitest';
import { newPasswordErrorsOf } from '../../../src/lib/accounts/new-password.ts';

const formOf = (fields: Record<string, string>) => {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.set(name, value);
  return form;
};

describe('a new password typed twice', () => {
  it('names the field at fault: too short beside the password, different beside the repeat', () => {
    expect(newPasswordErrorsOf(formOf({ newPassword: 'short', repeat: 'other' }), 'newPassword').fields).toEqual({
      newPassword: 'New password must be 12 characters or more',
      repeat: 'Enter the same new password in both boxes',
    });
  });

  it('has nothing to say about a long enough password typed the same twice', () => {
    const errors = newPasswordErrorsOf(
      formOf({ password: 'a long passphrase', repeat: 'a long passphrase' }),
      'password',
    );
    expect(errors).toEqual({ summary: [], fields: {} });
  });
});
