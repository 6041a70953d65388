import { open311Endpoint } from '../../../../lib/open311/open311-endpoint.ts';
import { open311Request } from '../../../../server/services/open311/open311-service.ts';

/** GeoReport v2 GET Service Request: one public case by its reference (docs/PUBLIC.md). */
export const { GET, HEAD, ALL } = open311Endpoint(async (db, { params }) => ({
  root: 'service_requests',
  value: await open311Request(db, params.id ?? ''),
}));
