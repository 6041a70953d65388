import taxonomy from '../../content/taxonomy.json' with { type: 'json' };
import { taxonomyLookup, type TaxonomyLookup } from '../domain/clustering/taxonomy-lookup.ts';

export type { TaxonomyLookup };

/** The committed taxonomy (content/taxonomy.json), for the command line, which needs no database. */
export function loadTaxonomyFile(): TaxonomyLookup {
  return taxonomyLookup(taxonomy.tags);
}
