import { field } from '../http.ts';

/** The forms' words for each input field, for the error summary. */
export const TAG_FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  slug: 'Slug',
  description: 'Description',
  parentId: 'Place in the tree',
  routingDepartmentId: 'Routing hint',
  synonyms: 'Synonyms',
  term: 'Synonym',
};

export interface TagWords {
  name: string;
  slug: string;
  description: string;
}

export function readTagWords(form: FormData): TagWords {
  return { name: field(form, 'name'), slug: field(form, 'slug'), description: field(form, 'description') };
}

/** A select's empty choice ("top level", "no department") as the procedures take it. */
export function optionalId(form: FormData, name: string): string | null {
  return field(form, name) || null;
}

/** Words typed into one box, separated by commas, as forms elsewhere take tags. */
export function commaSeparated(text: string): string[] {
  return text
    .split(',')
    .map((word) => word.trim())
    .filter((word) => word !== '');
}

/** The version the editor read travels with each form; a stale one is refused, never overwritten. */
export function versionOf(form: FormData): number {
  return Number(field(form, 'version'));
}
