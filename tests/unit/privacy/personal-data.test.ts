import { describe, expect, it } from 'vitest';
import {
  PERSONAL_DATA_LABELS,
  type PersonalDataKind,
  findPersonalData,
  hasPersonalData,
  isSouthAfricanIdNumber,
  redactPersonalData,
} from '../../../src/domain/privacy/personal-data.ts';

/** The findings as [kind, text] pairs, after checking that every offset points at its text. */
function found(text: string): [PersonalDataKind, string][] {
  const findings = findPersonalData(text);
  for (const finding of findings) expect(text.slice(finding.start, finding.end)).toBe(finding.text);
  return findings.map((finding) => [finding.kind, finding.text]);
}

function foundOf(kind: PersonalDataKind, text: string): string[] {
  return found(text)
    .filter(([foundKind]) => foundKind === kind)
    .map(([, foundText]) => foundText);
}

describe('isSouthAfricanIdNumber', () => {
  it.each([
    ['8001015009087', 'a citizen born 1 January 1980'],
    ['0002295009084', 'a leap day in 2000'],
    ['9312310123187', 'a permanent resident'],
    ['8001015009228', 'a refugee'],
  ])('accepts %s (%s)', (digits) => {
    expect(isSouthAfricanIdNumber(digits)).toBe(true);
  });

  it.each([
    ['8001015009088', 'the check digit is wrong'],
    ['8013015009082', 'there is no 13th month'],
    ['8000015009089', 'there is no month 00'],
    ['8002305009084', 'February has no 30th'],
    ['8104315009086', 'April has no 31st'],
    ['0102295009082', 'February 2001 has no 29th'],
    ['8001015009384', 'the citizenship digit is 3'],
    ['800101500908', 'it has 12 digits'],
    ['80010150090871', 'it has 14 digits'],
    ['800101 500908', 'it is not all digits'],
  ])('refuses %s because %s', (digits) => {
    expect(isSouthAfricanIdNumber(digits)).toBe(false);
  });
});

describe('findPersonalData: ID numbers', () => {
  it.each([
    ['ID 8001015009087 given at the counter', '8001015009087'],
    ['Her ID is 800101 5009 087.', '800101 5009 087'],
    ['ID: 800101-5009-087', '800101-5009-087'],
    ['ID 80 01 01 5009 087', '80 01 01 5009 087'],
    ['(ID 9312310123187)', '9312310123187'],
    ['ID8001015009087', '8001015009087'],
    ['Stand 12 8001015009087', '8001015009087'],
  ])('flags %j', (text, expected) => {
    expect(found(text)).toEqual([['id_number', expected]]);
  });

  it.each([
    ['a case reference whose check digit fails', 'Case ref 8001015009088 was opened'],
    ['a bank account whose checksum passes but has no valid date', 'Paid into account 6213456789018'],
    ['a number with citizenship digit 3', 'Ref 8001015009384'],
    ['a 14-digit number that contains a valid ID', 'Card 18001015009087'],
    ['a 12-digit number', 'Ref 800101500908'],
    ['groups joined by dots', 'Version 800101.5009.087'],
  ])('does not flag %s', (_label, text) => {
    expect(foundOf('id_number', text)).toEqual([]);
  });

  it('gives offsets into the original text', () => {
    expect(findPersonalData('ID no. 800101 5009 087, Soweto')).toEqual([
      { kind: 'id_number', start: 7, end: 22, text: '800101 5009 087' },
    ]);
  });

  it('takes precedence over the phone number hidden in an ID that starts with 0', () => {
    expect(found('Child ID 010203 5009 087 on the form')).toEqual([['id_number', '010203 5009 087']]);
  });
});

describe('findPersonalData: phone numbers', () => {
  it.each([
    ['Call 082 555 1234 after hours', '082 555 1234'],
    ['Call 0825551234.', '0825551234'],
    ['Tel 012-345-6789', '012-345-6789'],
    ['Tel 012.345.6789', '012.345.6789'],
    ['Tel (012) 345 6789 (office)', '(012) 345 6789'],
    ['Tel (012)345-6789', '(012)345-6789'],
    ['Tel 012 345 67 89', '012 345 67 89'],
    ['Tel 082 - 555 - 1234', '082 - 555 - 1234'],
    ['WhatsApp +27 82 555 1234', '+27 82 555 1234'],
    ['WhatsApp +27825551234', '+27825551234'],
    ['WhatsApp 27825551234', '27825551234'],
    ['WhatsApp 27 82 555 1234', '27 82 555 1234'],
    ['Tel +27 (0)12 345 6789', '+27 (0)12 345 6789'],
    ['Tel +27 12 345 6789', '+27 12 345 6789'],
    ['Tel\u00a0082\u00a0555\u00a01234', '082\u00a0555\u00a01234'],
  ])('flags %j', (text, expected) => {
    expect(found(text)).toEqual([['phone', expected]]);
  });

  it('flags two numbers written one after the other', () => {
    expect(found('Tel 012 345 6789 082 555 1234')).toEqual([
      ['phone', '012 345 6789'],
      ['phone', '082 555 1234'],
    ]);
  });

  it.each([
    ['a year', 'Since 2019 the clinic has closed at 14:00'],
    ['a range of years', 'Between 2019-2020 and 2021'],
    ['an amount in rand', 'The budget was R1 200 000 for 2024'],
    ['a large amount', 'R27 500 000 000 was allocated'],
    ['a bare 27 followed by thousands', 'About 27 500 000 000 litres'],
    ['a count', '366 dialogue participants attended'],
    ['dates', 'Visits on 2023-08-01, 01/08/2023 and 01.08.2023'],
    ['a time range', 'Open 08:00-16:00 weekdays'],
    ['a 10-digit number not starting with 0', 'Ref 1234567890'],
    ['a number starting 00', 'Ref 0012345678'],
    ['a number starting 09', 'Ref 0912345678'],
    ['a 13-digit reference', 'Ref 0123456789012'],
    ['eleven digits starting with 0', 'Ref 082 555 12345'],
    ['a number glued to letters', 'Code REF0825551234 and R0825551234'],
    ['a case number', 'Case SC-2026-0042'],
    ['a single-digit tail group', 'Ref 012 345 678 9'],
    ['a foreign number', 'Tel +44 20 7946 0958'],
  ])('does not flag %s', (_label, text) => {
    expect(foundOf('phone', text)).toEqual([]);
  });

  it('gives offsets that include the bracket and the plus sign', () => {
    expect(findPersonalData('Tel (012) 345 6789')).toEqual([
      { kind: 'phone', start: 4, end: 18, text: '(012) 345 6789' },
    ]);
    expect(findPersonalData('Tel +27 82 555 1234')).toEqual([
      { kind: 'phone', start: 4, end: 19, text: '+27 82 555 1234' },
    ]);
  });
});

describe('findPersonalData: e-mail addresses', () => {
  it.each([
    ['Mail thabo.nkosi@example.co.za today', 'thabo.nkosi@example.co.za'],
    ['<t_nkosi+cbm@mail.gov.za>', 't_nkosi+cbm@mail.gov.za'],
    ['Write to info@sassa.gov.za.', 'info@sassa.gov.za'],
    ['(kgomotso-m@my-isp.org)', 'kgomotso-m@my-isp.org'],
    ['mailto:Zanele@Example.com', 'Zanele@Example.com'],
    ['Contact 0825551234@vodamail.co.za', '0825551234@vodamail.co.za'],
    ['Send to ...dlamini@example.com', 'dlamini@example.com'],
  ])('flags %j', (text, expected) => {
    expect(found(text)).toEqual([['email', expected]]);
  });

  it.each([
    ['an @ handle', 'Follow @SAPoliceService for updates'],
    ['a host without a dot', 'admin@localhost'],
    ['a one-letter top-level domain', 'x@example.c'],
    ['an empty local part', 'sent @ example.com'],
    ['a local part ending in a dot', 'x.@example.com'],
    ['a numeric top-level domain', 'x@10.0.0.1'],
    ['a domain label starting with a dash', 'x@-example.com'],
    ['"@" used for "at"', 'Meet @ the clinic @ 10'],
  ])('does not flag %s', (_label, text) => {
    expect(foundOf('email', text)).toEqual([]);
  });
});

describe('findPersonalData: named people', () => {
  it.each([
    ['Sister Dlamini refused to help', 'Dlamini'],
    ['Capt. van der Merwe opened the case', 'van der Merwe'],
    ['We met Mr T. Nkosi at the gate', 'T. Nkosi'],
    ['We met Mr T.J. Nkosi at the gate', 'T.J. Nkosi'],
    ['We met Mr T Nkosi at the gate', 'T Nkosi'],
    ['We met Mr. T.Nkosi at the gate', 'T.Nkosi'],
    ['Ms Naidoo-Pillay answered', 'Naidoo-Pillay'],
    ['Councillor O’Brien attended', 'O’Brien'],
    ["Councillor O'Brien attended", "O'Brien"],
    ['Mrs Sarah du Plessis called', 'Sarah du Plessis'],
    ['Dr de Villiers was on duty', 'de Villiers'],
    ['Const Mokoena and Sgt. Botha', 'Mokoena'],
    ['Warrant Officer Khumalo said no', 'Khumalo'],
    ['Lieutenant Colonel Masemola spoke', 'Masemola'],
    ['Chief Director Mokoena promised', 'Mokoena'],
    ['Rev. Dr. Mthembu opened in prayer', 'Mthembu'],
    ['Gogo Nxumalo waited six hours', 'Nxumalo'],
    ["Mam' Sisulu came", 'Sisulu'],
    ["Mam'Winnie came", 'Winnie'],
    ['Ma Dlamini sells food outside', 'Dlamini'],
    ['Baba Zungu, the induna', 'Zungu'],
    ['Induna Mthethwa called the meeting', 'Mthethwa'],
    ['Nurse Mabena was kind', 'Mabena'],
    ['Matron Pillay', 'Pillay'],
    ['Pastor Moloi offered the hall', 'Moloi'],
    ['Prof Habib chaired', 'Habib'],
    ['Miss Jacobs, the clerk', 'Jacobs'],
    ['Cllr. Ndlovu promised a reply', 'Ndlovu'],
    ['Mayor de Lille responded', 'de Lille'],
    ['Brigadier Mathe visited', 'Mathe'],
    ['General Masemola visited', 'Masemola'],
    ['Major Sithole visited', 'Sithole'],
    ['Ntate Mokoena and Mme Letsie', 'Mokoena'],
    ['Sister Dlamini’s office was locked', 'Dlamini'],
    ['Captain Mokoena. The station was closed', 'Mokoena'],
    ['Councillor Mokoena Ward 12 meeting', 'Mokoena'],
    ['Sister\nDlamini wrote the note', 'Dlamini'],
    ['Mr Pixley ka Isaka Seme was named', 'Pixley ka Isaka Seme'],
    ['Mr A Nkosi I think', 'A Nkosi'],
    ['spoke to Capt. A. The queue moved', 'A.'],
  ])('flags the name in %j', (text, expected) => {
    expect(foundOf('named_person', text)[0]).toBe(expected);
  });

  it('flags every person in a sentence', () => {
    expect(foundOf('named_person', 'Const Mokoena and Sgt. Botha met Mr A. Mr B. Cele')).toEqual([
      'Mokoena',
      'Botha',
      'A.',
      'B. Cele',
    ]);
  });

  it.each([
    ['the sister at the clinic was rude'],
    ['a nurse told us to come back'],
    ['the station commander was away'],
    ['the captain said sorry'],
    ['Sister told us to wait'],
    ['The Sister. Nobody else came'],
    ['Captain, please help'],
    ['The Mayor of Tshwane visited'],
    ['Mayor Of Tshwane Visits Clinic'],
    ['Sister In Charge'],
    ['Chief Executive Officer of the hospital'],
    ['Chief Director of Health'],
    ['Station Commander'],
    ['We walked along Dr Pixley Ka Isaka Seme Street'],
    ['Patients go to Dr George Mukhari Academic Hospital'],
    ['Chief Albert Luthuli Local Municipality'],
    ['Tygerberg General Hospital'],
    ['the General Assembly resolved'],
    ['see a General Practitioner'],
    ['12 Beyers Naudé Dr, Randburg'],
    ['MR NKOSI in capitals'],
    ['Mr nkosi in lower case'],
    ['Baba I told him'],
    ['Mr van the other one'],
    ['Mr Nkosi@example.com'],
    ['Drummond and Mayoral and Sisters'],
    ['Sister\n\nDlamini'],
  ])('does not flag a name in %j', (text) => {
    expect(foundOf('named_person', text)).toEqual([]);
  });

  it('handles letters outside ASCII, with offsets in UTF-16 code units', () => {
    const text = '🙂 Ms Ntombi Zulu-Khumalo said… and Dr Ångström-Öberg agreed';
    expect(findPersonalData(text)).toEqual([
      { kind: 'named_person', start: 6, end: 25, text: 'Ntombi Zulu-Khumalo' },
      { kind: 'named_person', start: 39, end: 53, text: 'Ångström-Öberg' },
    ]);
  });
});

describe('findPersonalData: mixed text', () => {
  it('returns findings of every kind sorted by where they start', () => {
    const text =
      'Sister Dlamini (082 555 1234, dlamini@example.co.za) took ID 8001015009087 from Mr T. Nkosi on 2024-03-01.';
    expect(found(text)).toEqual([
      ['named_person', 'Dlamini'],
      ['phone', '082 555 1234'],
      ['email', 'dlamini@example.co.za'],
      ['id_number', '8001015009087'],
      ['named_person', 'T. Nkosi'],
    ]);
  });

  it('finds nothing in a note without personal data', () => {
    const text =
      'In 2024, 366 dialogue participants said the SASSA office in Ward 12 had R1 200 000 in arrears; the station commander agreed.';
    expect(findPersonalData(text)).toEqual([]);
  });

  it('returns non-overlapping findings', () => {
    const text = 'Mr Nkosi 0102035009087 082 555 1234 x@0825551234.co.za 800101 5009 087 0825551234';
    const findings = findPersonalData(text);
    for (let index = 1; index < findings.length; index++) {
      expect(findings[index]!.start).toBeGreaterThanOrEqual(findings[index - 1]!.end);
    }
    expect(found(text)).toEqual([
      ['named_person', 'Nkosi'],
      ['id_number', '0102035009087'],
      ['phone', '082 555 1234'],
      ['email', 'x@0825551234.co.za'],
      ['id_number', '800101 5009 087'],
      ['phone', '0825551234'],
    ]);
  });

  it('finishes on long adversarial input', () => {
    const inputs = [
      'Mr A. '.repeat(10_000),
      '1 '.repeat(25_000),
      '0'.repeat(50_000),
      'a'.repeat(50_000) + '@',
      'a@'.repeat(25_000),
      'Mr '.repeat(15_000) + 'Nkosi',
      'Mr ' + 'van '.repeat(12_000),
      'Sister ' + 'Dlamini '.repeat(6_000),
      '082 '.repeat(12_000),
      '+27 (0)'.repeat(7_000),
      'Aa-'.repeat(16_000),
    ];
    for (const input of inputs) expect(Array.isArray(findPersonalData(input))).toBe(true);
    expect(findPersonalData('Mr A. '.repeat(10_000))).toHaveLength(10_000);
  });
});

describe('redactPersonalData', () => {
  it.each([
    [
      'Sister Dlamini (082 555 1234) told Mr T. Nkosi to bring ID 800101 5009 087.',
      'Sister [name removed] ([phone number removed]) told Mr [name removed] to bring ID [ID number removed].',
    ],
    ['Write to thabo@example.co.za or +27 12 345 6789', 'Write to [e-mail removed] or [phone number removed]'],
    ['Capt. van der Merwe refused', 'Capt. [name removed] refused'],
    ['Nothing personal here.', 'Nothing personal here.'],
    ['', ''],
  ])('redacts %j', (text, expected) => {
    expect(redactPersonalData(text)).toBe(expected);
  });

  it('redacts only the findings it is given', () => {
    const text = 'Sister Dlamini gave 082 555 1234';
    const phoneOnly = findPersonalData(text).filter((finding) => finding.kind === 'phone');
    expect(redactPersonalData(text, phoneOnly)).toBe('Sister Dlamini gave [phone number removed]');
    expect(redactPersonalData(text, [])).toBe(text);
  });

  it('merges overlapping findings instead of leaving part of one showing', () => {
    const text = 'Tel 082 555 1234 now';
    expect(
      redactPersonalData(text, [
        { kind: 'phone', start: 8, end: 16, text: '555 1234' },
        { kind: 'phone', start: 4, end: 11, text: '082 555' },
      ]),
    ).toBe('Tel [phone number removed] now');
  });
});

describe('hasPersonalData', () => {
  it('is true when any text holds personal data', () => {
    expect(hasPersonalData(null, 'The queue was long', 'Call 082 555 1234')).toBe(true);
  });

  it('is false for blank or harmless texts', () => {
    expect(hasPersonalData()).toBe(false);
    expect(hasPersonalData(null, undefined, '', 'the sister at the clinic in 2024')).toBe(false);
  });
});

describe('PERSONAL_DATA_LABELS', () => {
  it('names every kind for people', () => {
    expect(Object.keys(PERSONAL_DATA_LABELS).sort()).toEqual(['email', 'id_number', 'named_person', 'phone']);
    expect(PERSONAL_DATA_LABELS.id_number).toBe('South African ID number');
  });
});
