import { base32 } from '@better-auth/utils/base32';
import { createOTP } from '@better-auth/utils/otp';

/** The code an authenticator app would show now for this otpauth:// address. */
export async function totpCodeFor(otpauthUri: string): Promise<string> {
  const secret = new URL(otpauthUri).searchParams.get('secret');
  if (!secret) throw new Error(`No secret in ${otpauthUri}`);
  return createOTP(base32.decode(secret)).totp();
}
