import { open311Endpoint } from '../../../lib/open311/open311-endpoint.ts';
import { open311Requests } from '../../../server/services/open311/open311-service.ts';

/** GeoReport v2 GET Service Requests: public systemic cases, filtered and paged (docs/PUBLIC.md). */
export const { GET, HEAD, ALL } = open311Endpoint(async (db, { url }) => ({
  root: 'service_requests',
  value: await open311Requests(db, url.searchParams, new Date()),
}));
