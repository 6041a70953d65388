import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';

/** The code an authenticator app would show now for this otpauth:// address. */
export async function totpCodeFor(otpauthUri: string): Promise<string> {
  const secret = new URL(otpauthUri).searchParams.get('secret');
  if (!secret) throw new Error(`No secret in ${otpauthUri}`);
  return totpCodeForKey(secret);
}

/** The code for a key typed into the app by hand (base32, as the set-up page shows it). */
export async function totpCodeForKey(key: string): Promise<string> {
  return createOTP(base32.decode(key)).totp();
}
