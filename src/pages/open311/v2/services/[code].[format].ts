import { open311Endpoint } from '../../../../lib/open311/open311-endpoint.ts';
import { open311ServiceDefinition } from '../../../../server/services/open311/open311-service.ts';

/** GeoReport v2 GET Service Definition: a tag asks for nothing more, so its attributes are empty (docs/PUBLIC.md). */
export const { GET, HEAD, ALL } = open311Endpoint(async (db, { params }) => ({
  root: 'service_definition',
  value: await open311ServiceDefinition(db, params.code ?? ''),
}));
