// The words of the national data set's local issues: per sector, families of recurring problems, each about
// one of several things ("chronic medication", "insulin"), told in varied words with local detail, tagged from
// content/taxonomy.json and with the root cause monitors would record. A family and its thing make one problem
// (PROBLEM_COUNT, over a hundred), so that clustering finds problems and themes of national spread; a share of
// one-offs stays alone. The eight problems of synthetic-issues.ts are among them.
import { FILLER as SHORT_FILLER } from '../synthetic-issues.ts';
import type { RootCauseCategory, RootCauseLevel } from '../../../../src/domain/vocabulary.ts';

export type IssueSector = 'policing' | 'health' | 'social_security' | 'social_development' | 'local_government';

interface ProblemFamily {
  things: readonly string[];
  /** `{thing}` and `{place}` are filled in. */
  titles: readonly string[];
  details: readonly string[];
  tags: readonly string[];
  cause: { statement: string; level: RootCauseLevel; category: RootCauseCategory };
}

const POLICING: readonly ProblemFamily[] = [
  {
    things: ['patrol vans', 'the station bakkie', 'response vehicles', 'the crime prevention vehicle'],
    titles: ['{thing} wait months at the government garage', 'No working {thing} at {place} station'],
    details: [
      'Broken {thing} stand at the fleet garage for months while repairs wait for a quotation to be approved.',
      'Officers say complaints are attended the next day because {thing} are off the road at night.',
    ],
    tags: ['maintenance-turnaround', 'vehicles'],
    cause: {
      statement: 'Vehicle repairs need approval from the provincial fleet office',
      level: 'provincial',
      category: 'supply_chain',
    },
  },
  {
    things: [
      'housebreaking cases',
      'assault cases',
      'stock theft cases',
      'domestic violence cases',
      'missing person reports',
    ],
    titles: ['No feedback on {thing}', 'Victims never hear what happened to {thing}'],
    details: [
      'Complainants say nobody tells them whether their {thing} were investigated or sent to court.',
      'Families return to the station again and again to ask about {thing} and get no answer.',
    ],
    tags: ['case-feedback', 'accountability-feedback'],
    cause: {
      statement: 'Investigating officers carry too many dockets to call complainants back',
      level: 'facility',
      category: 'staffing',
    },
  },
  {
    things: ['dagga possession', 'liquor by-law offences', 'petty theft', 'loitering'],
    titles: ['Arrest targets push police to chase {thing}', 'Arrests for {thing} counted instead of serious crime'],
    details: [
      'Officers arrest young people for {thing} to meet monthly targets while dealers work openly.',
      'The community says serious crime is left because arrests for {thing} count the same.',
    ],
    tags: ['drug-possession-arrests', 'performance-indicators'],
    cause: {
      statement: 'Performance targets count arrests, not convictions',
      level: 'national',
      category: 'targets_and_policy',
    },
  },
  {
    things: ['night shifts', 'weekends', 'month-end paydays', 'tavern closing time'],
    titles: ['Police take hours to respond on {thing}', 'Nobody answers the station phone on {thing}'],
    details: [
      'Residents who call during {thing} wait two or three hours or the van never comes.',
      'The community says the station is short of members on {thing}, when most crimes happen.',
    ],
    tags: ['response-times', 'staff-shortage'],
    cause: {
      statement: 'Shift rosters leave too few members on duty when crime peaks',
      level: 'facility',
      category: 'staffing',
    },
  },
  {
    things: ['the community police forum', 'sector crime forums', 'the CPF executive'],
    titles: ['{thing} has not met for a year', 'Residents do not know who sits on {thing}'],
    details: [
      'Meetings of {thing} are cancelled again and again and the community has lost interest.',
      'People say {thing} only meets when there is a visit from the cluster commander.',
    ],
    tags: ['community-police-forum', 'community-trust'],
    cause: {
      statement: 'Nobody at the station is given time to organise forum meetings',
      level: 'facility',
      category: 'relationships',
    },
  },
  {
    things: ['the victim-friendly room', 'the holding cells', 'the charge office', 'the toilets for the public'],
    titles: ['{thing} at the station is closed', '{thing} broken for months'],
    details: [
      'Victims of abuse are interviewed at the front counter because {thing} is locked or broken.',
      'Public works was asked to repair {thing} last year and has not come.',
    ],
    tags: ['building-maintenance', 'gender-based-violence'],
    cause: {
      statement: 'Station repairs wait for the national public works programme',
      level: 'national',
      category: 'infrastructure',
    },
  },
];

const HEALTH: readonly ProblemFamily[] = [
  {
    things: [
      'chronic medication',
      'antiretrovirals',
      'TB treatment',
      'insulin',
      'blood pressure tablets',
      'contraceptives',
      'childhood vaccines',
    ],
    titles: ['Clinic runs out of {thing}', '{thing} out of stock again', 'Patients sent home without {thing}'],
    details: [
      'Patients collecting {thing} were told their parcels had not arrived from the depot.',
      'The pharmacy shelves for {thing} were empty for two weeks and patients walked back home.',
      'Nurses say orders for {thing} were placed on time but the depot delivered half.',
    ],
    tags: ['stock-out', 'medicine-delivery'],
    cause: {
      statement: 'Orders wait for approval at the provincial medical depot',
      level: 'provincial',
      category: 'supply_chain',
    },
  },
  {
    things: ['maternity cases', 'emergencies at night', 'referrals to hospital', 'patients from the farms'],
    titles: ['Ambulance takes hours for {thing}', 'No patient transport for {thing}'],
    details: [
      'Families hire private cars for {thing} because the ambulance can take half a day.',
      'The clinic has no transport for {thing} and nurses phone the district office for hours.',
    ],
    tags: ['patient-transport', 'vehicle-shortage'],
    cause: {
      statement: 'The district has too few ambulances for its villages',
      level: 'provincial',
      category: 'resources',
    },
  },
  {
    things: ['elderly patients', 'young mothers', 'patients living with HIV', 'teenagers asking for contraceptives'],
    titles: ['Nurses are rude to {thing}', 'Staff shout at {thing} in the queue'],
    details: [
      'Patients say {thing} are shouted at and sent away without being examined.',
      '{thing} report being embarrassed in front of others by the nurse at the counter.',
    ],
    tags: ['staff-attitude'],
    cause: {
      statement: 'Staff are overworked and have no customer care training',
      level: 'facility',
      category: 'staffing',
    },
  },
  {
    things: ['the morning queue', 'the chronic queue', 'the antenatal queue', 'the queue for files'],
    titles: ['Patients wait all day in {thing}', '{thing} starts before dawn'],
    details: [
      'People join {thing} at five in the morning and some are still waiting when the clinic closes.',
      'Patients in {thing} are told to come back tomorrow when the nurses finish at four.',
    ],
    tags: ['queues-waiting-times', 'staff-shortage'],
    cause: {
      statement: 'Vacant nursing posts are frozen by the provincial department',
      level: 'provincial',
      category: 'staffing',
    },
  },
  {
    things: ['patient files', 'antenatal cards', 'chronic registers'],
    titles: ['Clinic loses {thing}', '{thing} cannot be found on the day'],
    details: [
      'Patients are sent to the back of the queue because {thing} cannot be found in the records room.',
      'Clerks say {thing} are kept in boxes because there are no shelves or filing system.',
    ],
    tags: ['files-records'],
    cause: { statement: 'The records room has no filing system or clerk', level: 'facility', category: 'resources' },
  },
  {
    things: ['the water supply', 'the electricity', 'the generator', 'the borehole pump'],
    titles: ['{thing} at the clinic fails every week', 'Clinic works without {thing}'],
    details: [
      'Nurses fetch water in buckets because {thing} has failed again.',
      'Vaccines are at risk because {thing} went off over the weekend.',
    ],
    tags: ['facility-utilities', 'building-maintenance'],
    cause: {
      statement: 'Maintenance of clinic buildings waits for the provincial works department',
      level: 'provincial',
      category: 'infrastructure',
    },
  },
  {
    things: ['the clinic committee', 'the ideal clinic status', 'the suggestion box'],
    titles: ['Nothing comes of {thing}', '{thing} is not working'],
    details: [
      'The community says {thing} exists on paper only and nobody reports back.',
      'Complaints placed through {thing} are never answered.',
    ],
    tags: ['clinic-committee', 'ideal-clinic'],
    cause: {
      statement: 'The district office does not follow up on committees and complaints',
      level: 'district',
      category: 'relationships',
    },
  },
];

const SOCIAL_SECURITY: readonly ProblemFamily[] = [
  {
    things: ['the SASSA pay point', 'the local office', 'the mobile service unit'],
    titles: ['Long queues at {thing}', 'Grant applicants queue from before dawn at {thing}'],
    details: [
      'Older people queue outside {thing} from four in the morning and many are turned away at closing time.',
      'There is no shade, water or toilet for people waiting at {thing}.',
    ],
    tags: ['queues-waiting-times', 'pay-points'],
    cause: {
      statement: 'Too few officials on duty for the number of applicants',
      level: 'national',
      category: 'staffing',
    },
  },
  {
    things: ['child support grants', 'old age pensions', 'disability grants', 'foster child grants'],
    titles: ['{thing} delayed for months', '{thing} not paid after approval'],
    details: [
      'Applicants for {thing} approved in March still had no payment in July and were told the system was down.',
      'Caregivers borrow money while they wait for the first payment of {thing}.',
    ],
    tags: ['grant-payment-delays'],
    cause: {
      statement: 'Applications are checked manually at the regional office',
      level: 'national',
      category: 'delegation',
    },
  },
  {
    things: ['funeral policies', 'airtime', 'loans', 'electricity vouchers'],
    titles: ['Unknown deductions for {thing} from grants', 'Grants cut by deductions for {thing}'],
    details: [
      'Beneficiaries find money taken for {thing} they never agreed to.',
      'People who complain about deductions for {thing} are sent from the bank to SASSA and back.',
    ],
    tags: ['unauthorised-deductions'],
    cause: {
      statement: 'Deductions are approved without the beneficiary being asked',
      level: 'national',
      category: 'targets_and_policy',
    },
  },
  {
    things: ['birth certificates', 'ID documents', 'proof of address'],
    titles: ['Grant refused for lack of {thing}', 'Applicants sent to Home Affairs for {thing}'],
    details: [
      'Caregivers are turned away because they have no {thing} and Home Affairs is far away.',
      'Children go without grants for a year while {thing} are applied for.',
    ],
    tags: ['documents-id', 'grant-applications'],
    cause: { statement: 'Home Affairs offices are far from the villages', level: 'national', category: 'resources' },
  },
  {
    things: ['disability grants', 'temporary grants', 'social relief of distress'],
    titles: ['{thing} lapse without warning', '{thing} suspended during review'],
    details: [
      'People find {thing} stopped at the pay point and nobody told them why.',
      'Beneficiaries wait months for a doctor to assess them again before {thing} are restored.',
    ],
    tags: ['grant-lapses-suspensions'],
    cause: {
      statement: 'Reviews are scheduled without enough assessing doctors',
      level: 'provincial',
      category: 'resources',
    },
  },
];

const SOCIAL_DEVELOPMENT: readonly ProblemFamily[] = [
  {
    things: ['foster care cases', 'child abuse reports', 'adoption enquiries'],
    titles: ['Social workers never follow up {thing}', '{thing} wait months for a social worker'],
    details: [
      'One social worker covers several wards and {thing} wait for months.',
      'Families say {thing} are opened but nobody visits the home.',
    ],
    tags: ['social-workers', 'child-protection'],
    cause: {
      statement: 'Social work posts are unfunded in the provincial budget',
      level: 'provincial',
      category: 'staffing',
    },
  },
  {
    things: ['food parcels', 'the soup kitchen', 'school uniforms'],
    titles: ['{thing} did not reach the neediest', '{thing} handed out to friends of officials'],
    details: [
      'Residents say {thing} went to people who are not on the list.',
      'The ward councillor decides who receives {thing} and nobody sees the list.',
    ],
    tags: ['food-relief', 'corruption'],
    cause: {
      statement: 'Beneficiary lists are drawn up without the community',
      level: 'district',
      category: 'relationships',
    },
  },
  {
    things: ['early childhood centres', 'the drop-in centre', 'the old age home'],
    titles: ['Subsidy for {thing} paid late', '{thing} close for months without funding'],
    details: [
      'Staff at {thing} work without pay because the subsidy arrives three months late.',
      'Parents lose places at {thing} when it closes until the funding comes.',
    ],
    tags: ['ecd-centres', 'npo-funding'],
    cause: {
      statement: 'Funding agreements with NPOs are signed late every year',
      level: 'provincial',
      category: 'supply_chain',
    },
  },
  {
    things: ['gender-based violence victims', 'people with drug problems', 'children living on the street'],
    titles: ['No place of safety for {thing}', 'Nowhere to refer {thing}'],
    details: [
      'The nearest shelter for {thing} is two hours away and has no space.',
      'Officials say they can do nothing for {thing} without a facility in the district.',
    ],
    tags: ['gender-based-violence', 'substance-abuse'],
    cause: {
      statement: 'The district has no funded shelter or treatment centre',
      level: 'provincial',
      category: 'resources',
    },
  },
];

const LOCAL_GOVERNMENT: readonly ProblemFamily[] = [
  {
    things: ['water', 'tap water', 'the water tanker'],
    titles: ['No {thing} for weeks in {place}', '{thing} cut without notice'],
    details: [
      'Households in {place} go for weeks without {thing} and buy it from private sellers.',
      'The municipality promises {thing} but the reservoir stays empty.',
    ],
    tags: ['water-sanitation'],
    cause: {
      statement: 'Bulk water infrastructure is not maintained by the municipality',
      level: 'district',
      category: 'infrastructure',
    },
  },
  {
    things: ['street lights', 'high-mast lights', 'the electricity supply'],
    titles: ['{thing} broken for a year in {place}', 'Residents report {thing} again and again'],
    details: [
      'Women walk home in the dark because {thing} have not worked for a year.',
      'The municipality says there is no budget to repair {thing}.',
    ],
    tags: ['street-lights', 'electricity'],
    cause: { statement: 'The maintenance budget is spent on overtime', level: 'district', category: 'resources' },
  },
  {
    things: ['refuse', 'rubbish bags', 'the illegal dump'],
    titles: ['{thing} not collected in {place}', '{thing} piles up for weeks'],
    details: [
      'Collection of {thing} stopped two months ago and the streets smell.',
      'Children play next to {thing} that nobody removes.',
    ],
    tags: ['refuse-removal'],
    cause: {
      statement: 'The refuse trucks are broken and hired trucks were not paid',
      level: 'district',
      category: 'supply_chain',
    },
  },
  {
    things: ['the IDP meeting', 'the budget consultation', 'ward committee meetings'],
    titles: ['Residents not told about {thing}', '{thing} held without the community'],
    details: [
      'People in {place} heard about {thing} after it had taken place.',
      'Only a handful of officials attended {thing} and the community\u2019s priorities were left out.',
    ],
    tags: ['idp-participation', 'ward-committees'],
    cause: {
      statement: 'Public participation is treated as a compliance step',
      level: 'district',
      category: 'relationships',
    },
  },
  {
    things: ['the gravel road', 'the bridge to the clinic', 'potholes on the main road'],
    titles: ['{thing} impassable after rain in {place}', 'Nobody repairs {thing}'],
    details: [
      'Taxis refuse to use {thing} and people walk to the clinic.',
      'The municipality graded {thing} once before the elections and never again.',
    ],
    tags: ['roads'],
    cause: {
      statement: 'Road maintenance is not in the municipality\u2019s plans',
      level: 'district',
      category: 'infrastructure',
    },
  },
  {
    things: ['RDP houses', 'the housing waiting list', 'title deeds'],
    titles: ['Problems with {thing} in {place}', 'Residents wait years for {thing}'],
    details: [
      'People registered for {thing} in 2005 still have nothing while newcomers are served.',
      'Cracks appeared in {thing} a year after they were built.',
    ],
    tags: ['housing', 'corruption'],
    cause: { statement: 'Housing lists are not published or checked', level: 'provincial', category: 'delegation' },
  },
];

/** Problems any frontline office can have, whatever its sector. */
const ANY_FACILITY: readonly ProblemFamily[] = [
  {
    things: ['the roof', 'the toilets', 'the waiting room', 'the fence', 'the gate'],
    titles: ['{thing} broken and never repaired', 'Office manager may not fix {thing}'],
    details: [
      'Staff have reported {thing} every month but repairs must be approved far away.',
      'The manager has no budget of their own to fix {thing}, even for a small job.',
    ],
    tags: ['delegations', 'building-maintenance'],
    cause: {
      statement: 'Facility managers have no delegation to spend on small repairs',
      level: 'provincial',
      category: 'delegation',
    },
  },
  {
    things: ['opening hours', 'lunch breaks', 'Friday afternoons'],
    titles: ['Office closes early despite {thing}', 'People turned away because of {thing}'],
    details: [
      'The office closes its doors before the posted {thing} and people who travelled far go home.',
      'Residents say staff disappear during {thing} and nobody serves the queue.',
    ],
    tags: ['opening-hours'],
    cause: { statement: 'Nobody checks that service hours are kept', level: 'facility', category: 'relationships' },
  },
  {
    things: ['wheelchair users', 'blind people', 'elderly people'],
    titles: ['Office not accessible for {thing}', 'No ramp or help for {thing}'],
    details: [
      '{thing} cannot get into the building and are served outside if at all.',
      'There are no seats or priority queue for {thing}.',
    ],
    tags: ['accessibility'],
    cause: {
      statement: 'Buildings were never adapted for people with disabilities',
      level: 'national',
      category: 'infrastructure',
    },
  },
  {
    things: ['signs', 'notices in local languages', 'the service charter'],
    titles: ['No {thing} at the office', 'People lost without {thing}'],
    details: [
      'Visitors do not know which queue to join because there are no {thing}.',
      'The {thing} are in English only and most visitors cannot read them.',
    ],
    tags: ['information-signage'],
    cause: {
      statement: 'There is no budget line for signage or translation',
      level: 'facility',
      category: 'resources',
    },
  },
];

const FAMILIES: Record<IssueSector, readonly ProblemFamily[]> = {
  policing: POLICING,
  health: HEALTH,
  social_security: SOCIAL_SECURITY,
  social_development: SOCIAL_DEVELOPMENT,
  local_government: LOCAL_GOVERNMENT,
};

const FILLER = [
  ...SHORT_FILLER,
  'The facility manager confirmed it and said it is out of their hands.',
  'Several people gave the same example.',
  'Older residents said it used to be better.',
  'Monitors saw it for themselves on the day of the visit.',
  'Nobody could say who is responsible for fixing it.',
  'Youth at the dialogue were angry about it.',
  'The ward councillor promised to take it up.',
  'A petition was handed in but nothing came back.',
  'Staff asked that their names not be used.',
  'The same was found at the neighbouring facility.',
  'People who work during the week are hit hardest.',
  'Women and older people raised it most.',
  'The monitors took photographs as evidence.',
];
const SINCE = [
  'since the start of the year',
  'for about three weeks',
  'since the last monitoring visit',
  'every month since winter',
  'for as long as people can remember',
  'since the new manager arrived',
  'again after a short improvement',
  'since the budget cuts',
  'on and off for two years',
  'since the old staff retired',
];
const LOCAL = [
  (place: string, n: number) => `In ${place}, ${n} of the people asked mentioned it.`,
  (place: string, n: number) => `${n} residents of ${place} raised it at the dialogue.`,
  (place: string) => `People from ${place} and the farms around it say the same.`,
  (place: string, n: number) => `A scorecard in ${place} gave it ${n % 5} out of five.`,
  (place: string) => `It came up in ${place} on the day of the visit.`,
];
/** Incidents: one event that befell one thing, in its own words. */
const INCIDENTS: readonly { title: string; detail: string }[] = [
  { title: '{x} stolen from the office', detail: 'Someone stole {x} over the weekend and nothing was replaced.' },
  { title: '{x} broken since the storm', detail: 'The storm damaged {x} and staff work around it.' },
  {
    title: 'Staff ask for money to use {x}',
    detail: 'Visitors were told to pay a staff member before {x} could be used.',
  },
  { title: '{x} locked away by the manager', detail: 'Only the manager has the key to {x} and she is often away.' },
  {
    title: 'Contractor left {x} unfinished',
    detail: 'The contractor who was paid to install {x} left before finishing.',
  },
  {
    title: '{x} sold off without notice',
    detail: 'People say {x} was sold and nobody explained where the money went.',
  },
];
const THINGS = [
  'the photocopier',
  'the only computer',
  'the fridge',
  'the generator fuel',
  'the store room',
  'the water tank',
  'the solar panels',
  'the office laptop',
  'the two-way radio',
  'the wheelchair',
  'the printer',
  'the benches',
  'the air conditioner',
  'the prepaid meter',
];

/** Words people use for the same thing: swapped at random, so that two tellings of a problem rarely match. */
const SYNONYMS: Record<string, readonly string[]> = {
  patients: ['people', 'clients', 'community members'],
  residents: ['people', 'households', 'community members'],
  months: ['weeks', 'a long time', 'many months'],
  broken: ['not working', 'out of order', 'damaged'],
  officials: ['staff', 'officers', 'workers'],
  nurses: ['nursing staff', 'the sisters', 'clinic staff'],
  community: ['neighbourhood', 'village', 'ward'],
  office: ['building', 'office', 'service point'],
  often: ['usually', 'many times', 'regularly'],
  nobody: ['no one', 'not one official', 'nobody at all'],
  queue: ['line', 'queue', 'waiting line'],
  waiting: ['standing', 'sitting', 'waiting'],
  problem: ['issue', 'complaint', 'matter'],
  repairs: ['repair work', 'maintenance', 'fixes'],
  people: ['residents', 'users', 'citizens'],
  told: ['informed', 'told', 'advised'],
  weeks: ['days', 'weeks', 'a fortnight'],
};
const SYNONYM_PATTERN = new RegExp(`\\b(${Object.keys(SYNONYMS).join('|')})\\b`, 'g');

/** `text` with some of its words swapped for others that mean the same. */
function reworded(text: string, random: () => number): string {
  return text.replace(SYNONYM_PATTERN, (word) => {
    const choices = SYNONYMS[word]!;
    return random() < 0.5 ? word : choices[Math.floor(random() * choices.length)]!;
  });
}

export interface IssueText {
  title: string;
  description: string;
  tags: string[];
  rootCauses: { statement: string; level: RootCauseLevel; category: RootCauseCategory }[];
}

const capitalised = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

/**
 * The text of one issue at a facility of `sector` in `place`: mostly one of the sector's problems, some a problem
 * any office has, and one in eight a one-off.
 */
export function issueText(sector: IssueSector, place: string, random: () => number): IssueText {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const roll = random();
  if (roll < 0.125) {
    const incident = pick(INCIDENTS);
    const thing = pick(THINGS);
    const fill = (template: string) => capitalised(template.replaceAll('{x}', thing));
    return {
      title: `${fill(incident.title)} at ${place}`,
      description: reworded(`${fill(incident.detail)} It happened ${pick(SINCE)}. ${pick(FILLER)}`, random),
      tags: [],
      rootCauses: [],
    };
  }
  const family = pick(roll < 0.35 ? ANY_FACILITY : FAMILIES[sector]);
  const thing = pick(family.things);
  const fill = (template: string) => capitalised(template.replaceAll('{thing}', thing).replaceAll('{place}', place));
  const filler = Array.from({ length: 1 + Math.floor(random() * 3) }, () => pick(FILLER)).join(' ');
  const tags = random() < 0.85 ? family.tags.slice(0, 1 + Math.floor(random() * family.tags.length)) : [];
  const rootCauses = random() < 0.7 ? [family.cause] : [];
  if (rootCauses.length > 0 && random() < 0.3) {
    rootCauses.push({
      statement: 'Local management did not escalate the problem',
      level: 'facility',
      category: 'relationships',
    });
  }
  return {
    // Half the titles name the place, as monitors often write them.
    title: reworded(
      `${fill(pick(family.titles))}${random() < 0.5 && !family.titles.some((t) => t.includes('{place}')) ? ` in ${place}` : ''}`,
      random,
    ),
    description: reworded(
      [
        fill(pick(family.details)),
        `It has been like this ${pick(SINCE)}.`,
        pick(LOCAL)(place, 3 + Math.floor(random() * 60)),
        filler,
      ].join(' '),
      random,
    ),
    tags,
    rootCauses,
  };
}

/** Every problem the families can tell, for tests: a family and one of its things. */
export const PROBLEM_COUNT = [...Object.values(FAMILIES), ANY_FACILITY]
  .flat()
  .reduce((total, family) => total + family.things.length, 0);
