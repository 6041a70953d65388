import type { LocalIssueDraft } from '../../server/services/capture/local-issue-service.ts';
import { field } from '../http.ts';

/** Blank root-cause rows a form offers beyond the issue's own, so that no script is needed to add one. */
export const SPARE_ROOT_CAUSE_ROWS = 2;

/** The form's words for each input field, for the error summary. */
export const LOCAL_ISSUE_FIELD_LABELS: Record<string, string> = {
  facilityId: 'Facility',
  roundId: 'Monitoring round',
  title: 'Title',
  description: 'Description',
  source: 'Source',
  respondentsCiting: 'Respondents citing it',
  respondentsAsked: 'Respondents asked',
  priorityVotes: 'Priority votes',
  raisedOn: 'Date raised',
  tags: 'Tags',
  rootCauses: 'Root causes',
};

/** '' is "not given"; anything else must be a whole number, which the schema checks and explains. */
const countOf = (text: string): number | null => (text === '' ? null : Number(text));

/** The checkboxes that offer a tag for a word that is not one ("did you mean …?"): `<slug>:<word typed>`. */
export const TAG_CHOICE_FIELD = 'tagChoice';

export const tagChoiceValue = (slug: string, typed: string) => `${slug}:${typed}`;

/** Each suggested tag the person ticked takes the place of the word it was offered for. */
function withChosenTags(typed: string[], choices: FormDataEntryValue[]): string[] {
  const tags = [...typed];
  for (const choice of choices) {
    if (typeof choice !== 'string' || !choice.includes(':')) continue;
    const slug = choice.slice(0, choice.indexOf(':'));
    const word = choice.slice(choice.indexOf(':') + 1);
    const at = tags.indexOf(word);
    if (at >= 0) tags.splice(at, 1, slug);
    else if (!tags.includes(slug)) tags.push(slug);
  }
  return tags;
}

/** A posted local-issue form as the create and update procedures take it. */
export function readLocalIssueForm(form: FormData): LocalIssueDraft {
  const rootCauses = [];
  for (let index = 0; index < 20; index += 1) {
    const statement = field(form, `rootCauses.${index}.statement`);
    if (!form.has(`rootCauses.${index}.level`)) break;
    if (statement === '') continue;
    rootCauses.push({
      level: field(form, `rootCauses.${index}.level`),
      category: field(form, `rootCauses.${index}.category`),
      statement,
    });
  }
  return {
    facilityId: field(form, 'facilityId'),
    roundId: field(form, 'roundId') || null,
    title: field(form, 'title'),
    description: field(form, 'description'),
    source: field(form, 'source') as LocalIssueDraft['source'],
    respondentsCiting: countOf(field(form, 'respondentsCiting')),
    respondentsAsked: countOf(field(form, 'respondentsAsked')),
    priorityVotes: countOf(field(form, 'priorityVotes')),
    raisedOn: field(form, 'raisedOn'),
    tags: withChosenTags(
      field(form, 'tags')
        .split(',')
        .map((tag) => tag.trim())
        .filter((tag) => tag !== ''),
      form.getAll(TAG_CHOICE_FIELD),
    ),
    rootCauses: rootCauses as LocalIssueDraft['rootCauses'],
  };
}

/** Whether the form was posted by its "Check for similar issues" button: show the hint, save nothing. */
export function isSimilarCheck(form: FormData): boolean {
  return field(form, 'intent') === 'check';
}

/** What the duplicate hint asks about a draft. */
export function similarQueryOf(draft: LocalIssueDraft, excludeLocalIssueId?: string) {
  return {
    facilityId: draft.facilityId,
    title: draft.title.slice(0, 200),
    description: (draft.description ?? '').slice(0, 5000),
    tags: (draft.tags ?? []).slice(0, 20).map((tag) => tag.slice(0, 80)),
    excludeLocalIssueId,
  };
}
