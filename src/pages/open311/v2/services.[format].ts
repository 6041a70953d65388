import { open311Endpoint } from '../../../lib/open311/open311-endpoint.ts';
import { open311Services } from '../../../server/services/open311/open311-service.ts';

/** GeoReport v2 GET Service List: the taxonomy's tags (docs/PUBLIC.md). */
export const { GET, HEAD, ALL } = open311Endpoint(async (db) => ({
  root: 'services',
  value: await open311Services(db),
}));
