export type ProviderName = 'sqlite' | 'postgresql';

/** Which database a DATABASE_URL names; the URL has been validated by the env schema already. */
export function providerOf(databaseUrl: string): ProviderName {
  return databaseUrl.startsWith('file:') ? 'sqlite' : 'postgresql';
}
