import { open311Endpoint } from '../../../lib/open311/open311-endpoint.ts';
import { env } from '../../../lib/env.ts';
import { open311Discovery } from '../../../server/services/open311/open311-service.ts';

/** Open311 Service Discovery: where the GeoReport v2 endpoint is and what it speaks (docs/PUBLIC.md). */
export const { GET, HEAD, ALL } = open311Endpoint(async (db) => ({
  root: 'discovery',
  value: await open311Discovery(db, env().PUBLIC_URL),
}));
