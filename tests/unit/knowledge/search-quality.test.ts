import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadKnowledgeIndex, searchKnowledge } from '../../../src/lib/knowledge/search.ts';
import { buildKnowledgeIndexFromDisk } from '../../../src/server/knowledge/knowledge-index.ts';

const index = loadKnowledgeIndex(
  buildKnowledgeIndexFromDisk(fileURLToPath(new URL('../../../content', import.meta.url))),
);

/** What people type, and the page that must be among the first three results. */
const QUERIES: [query: string, expected: string][] = [
  // word forms
  ['medicines', 'case-studies/kabokweni-ideal-clinic'],
  ['medicine supply', 'guides/cbm-for-health'],
  ['vehicle repairs', 'case-studies/saps-pilot-stations'],
  ['charters', 'templates/commitment-charter'],
  ['questionnaires for staff', 'templates/staff-questionnaire'],
  ['escalating systemic issues', 'toolkit/step-3-monitoring-and-escalation'],
  ['voting', 'guides/voting-on-priorities'],
  // misspellings
  ['kabokwene', 'case-studies/kabokweni-ideal-clinic'],
  ['umsobomvo', 'case-studies/umsobomvu-idp-survey'],
  ['dialoge', 'toolkit/step-2-dialogue-and-charters'],
  ['medecine', 'guides/cbm-for-health'],
  ['questionaire', 'templates/citizen-questionnaire'],
  ['comunity radio', 'guides/community-radio-and-npos'],
  // as typed, mid-word
  ['househ', 'guides/idp-household-survey'],
  ['infor settlem', 'guides/cbm-for-policing'],
  // topics
  ['arrest targets', 'guides/cbm-for-policing'],
  ['drug possession', 'case-studies/saps-pilot-stations'],
  ['dot voting', 'guides/voting-on-priorities'],
  ['integrated development plan', 'guides/idp-household-survey'],
  ['consent', 'toolkit/step-1-gathering-feedback'],
  ['sampling', 'toolkit/step-1-gathering-feedback'],
  ['root cause', 'toolkit/step-2-dialogue-and-charters'],
  ['KSA 3', 'strategy/cbm-strategy'],
  ['create demand', 'strategy/cbm-strategy'],
  ['open government partnership', 'case-studies/advancing-cbm-workshop-2016'],
  ['Black Sash', 'case-studies/advancing-cbm-workshop-2016'],
  ['ideal clinic', 'case-studies/kabokweni-ideal-clinic'],
  ['station commander', 'case-studies/saps-pilot-stations'],
  ['ward councillors', 'guides/cbm-for-local-government'],
  ['national pilot', 'case-studies/national-pilot'],
  ['clinic committee', 'guides/cbm-for-health'],
  ['SAPS: vehicles', 'case-studies/saps-pilot-stations'],
];

describe('knowledge search quality', () => {
  it.each(QUERIES)('ranks the right page in the top three for "%s"', (query, expected) => {
    const top = searchKnowledge(index, query, { mayReadPartnerPages: false, limit: 3 }).map((hit) => hit.id);
    expect(top, `top three for "${query}"`).toContain(expected);
  });

  it('finds the partner guidance on escalation for partners only', () => {
    const forPartners = searchKnowledge(index, 'escalated cases deadlines', { mayReadPartnerPages: true, limit: 3 });
    expect(forPartners.map((hit) => hit.id)).toContain('guides/working-with-departments-on-escalation');
    const forPublic = searchKnowledge(index, 'escalated cases deadlines', { mayReadPartnerPages: false, limit: 20 });
    expect(forPublic.map((hit) => hit.id)).not.toContain('guides/working-with-departments-on-escalation');
  });
});
