import type { LocalIssueDraft } from '../../server/services/capture/local-issue-service.ts';
import { typedDateOf } from '../forms/date-parts.ts';
import { field } from '../http.ts';

/** The most root-cause rows a form reads (the schema takes 10 causes; a few rows may be left empty). */
const MAX_ROOT_CAUSE_ROWS = 20;

/** What the form's post asks: save it, check for similar issues, or add or remove a root-cause row (no script). */
export type LocalIssueIntent =
  { kind: 'save' } | { kind: 'check' } | { kind: 'add-root-cause' } | { kind: 'remove-root-cause'; row: number };

export const ADD_ROOT_CAUSE = 'add-root-cause';
export const removeRootCauseValue = (row: number) => `remove-root-cause-${row}`;

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
  raisedOn: 'Date the issue was raised',
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

export function localIssueIntentOf(form: FormData): LocalIssueIntent {
  const intent = field(form, 'intent');
  if (intent === 'check') return { kind: 'check' };
  if (intent === ADD_ROOT_CAUSE) return { kind: 'add-root-cause' };
  const removed = /^remove-root-cause-(\d+)$/.exec(intent);
  return removed ? { kind: 'remove-root-cause', row: Number(removed[1]) } : { kind: 'save' };
}

interface RootCauseRow {
  level: string;
  category: string;
  statement: string;
}

/** Every root-cause row the form posted, empty ones too, less the one its "Remove" button asked to drop. */
function postedRootCauseRows(form: FormData): RootCauseRow[] {
  const rows: RootCauseRow[] = [];
  for (let index = 0; index < MAX_ROOT_CAUSE_ROWS && form.has(`rootCauses.${index}.level`); index += 1) {
    rows.push({
      level: field(form, `rootCauses.${index}.level`),
      category: field(form, `rootCauses.${index}.category`),
      statement: field(form, `rootCauses.${index}.statement`),
    });
  }
  const intent = localIssueIntentOf(form);
  if (intent.kind === 'remove-root-cause') rows.splice(intent.row, 1);
  return rows;
}

/**
 * How many empty root-cause rows the form shows again below the filled ones: as many as were posted empty,
 * one more after "Add another root cause", and always one, so that a cause can be typed without a button.
 */
export function emptyRootCauseRowsOf(form: FormData | null): number {
  if (!form) return 1;
  const empty = postedRootCauseRows(form).filter((row) => row.statement === '').length;
  const added = localIssueIntentOf(form).kind === 'add-root-cause' ? 1 : 0;
  return Math.min(Math.max(empty + added, 1), MAX_ROOT_CAUSE_ROWS);
}

/** A posted local-issue form as the create and update procedures take it; a root cause without a statement is no cause. */
export function readLocalIssueForm(form: FormData): LocalIssueDraft {
  const rootCauses = postedRootCauseRows(form).filter((row) => row.statement !== '');
  return {
    facilityId: field(form, 'facilityId'),
    roundId: field(form, 'roundId') || null,
    title: field(form, 'title'),
    description: field(form, 'description'),
    source: field(form, 'source') as LocalIssueDraft['source'],
    respondentsCiting: countOf(field(form, 'respondentsCiting')),
    respondentsAsked: countOf(field(form, 'respondentsAsked')),
    priorityVotes: countOf(field(form, 'priorityVotes')),
    raisedOn: typedDateOf(form, 'raisedOn'),
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
