// South Africa's provinces with their real district and metropolitan municipalities, and generated (but
// South African-looking, and always the same) names for local municipalities and towns.
import type { Province } from '../../../../src/domain/vocabulary.ts';

/** The prefix of a province's departments in the pilot seed (EC-DOH, KZN-DSD, ...). */
export const PROVINCE_CODES: Record<Province, string> = {
  eastern_cape: 'EC',
  free_state: 'FS',
  gauteng: 'GP',
  kwazulu_natal: 'KZN',
  limpopo: 'LP',
  mpumalanga: 'MP',
  north_west: 'NW',
  northern_cape: 'NC',
  western_cape: 'WC',
};

type NameStyle = 'nguni' | 'sotho' | 'afrikaans';

interface ProvinceGeography {
  /** Districts and metros (the 52 of 2016). */
  districts: readonly string[];
  /** Municipalities of every kind (metros, districts and local ones): 257 in all. */
  municipalities: number;
  /** How the province's place names mostly sound, most common first. */
  styles: readonly NameStyle[];
  /** Share of the country's frontline facilities, in percent. */
  share: number;
  /** Roughly where the province lies, for plausible coordinates: [south, north] and [west, east]. */
  latitude: readonly [number, number];
  longitude: readonly [number, number];
}

export const GEOGRAPHY: Record<Province, ProvinceGeography> = {
  eastern_cape: {
    districts: [
      'Alfred Nzo',
      'Amathole',
      'Buffalo City',
      'Chris Hani',
      'Joe Gqabi',
      'Nelson Mandela Bay',
      'OR Tambo',
      'Sarah Baartman',
    ],
    municipalities: 39,
    styles: ['nguni', 'nguni', 'afrikaans'],
    share: 15,
    latitude: [-33.9, -30.4],
    longitude: [24.0, 30.0],
  },
  free_state: {
    districts: ['Fezile Dabi', 'Lejweleputswa', 'Mangaung', 'Thabo Mofutsanyana', 'Xhariep'],
    municipalities: 23,
    styles: ['sotho', 'afrikaans'],
    share: 7,
    latitude: [-30.5, -26.7],
    longitude: [24.5, 29.4],
  },
  gauteng: {
    districts: ['City of Johannesburg', 'City of Tshwane', 'Ekurhuleni', 'Sedibeng', 'West Rand'],
    municipalities: 11,
    styles: ['sotho', 'nguni', 'afrikaans'],
    share: 15,
    latitude: [-26.8, -25.2],
    longitude: [27.4, 28.8],
  },
  kwazulu_natal: {
    districts: [
      'Amajuba',
      'eThekwini',
      'Harry Gwala',
      'iLembe',
      'King Cetshwayo',
      'Ugu',
      'uMgungundlovu',
      'uMkhanyakude',
      'uMzinyathi',
      'uThukela',
      'Zululand',
    ],
    municipalities: 54,
    styles: ['nguni'],
    share: 19,
    latitude: [-31.0, -27.0],
    longitude: [29.0, 32.8],
  },
  limpopo: {
    districts: ['Capricorn', 'Mopani', 'Sekhukhune', 'Vhembe', 'Waterberg'],
    municipalities: 27,
    styles: ['sotho', 'sotho', 'nguni'],
    share: 12,
    latitude: [-25.3, -22.4],
    longitude: [26.5, 31.8],
  },
  mpumalanga: {
    districts: ['Ehlanzeni', 'Gert Sibande', 'Nkangala'],
    municipalities: 20,
    styles: ['nguni', 'sotho', 'afrikaans'],
    share: 9,
    latitude: [-27.4, -24.5],
    longitude: [28.3, 32.0],
  },
  north_west: {
    districts: ['Bojanala Platinum', 'Dr Kenneth Kaunda', 'Dr Ruth Segomotsi Mompati', 'Ngaka Modiri Molema'],
    municipalities: 22,
    styles: ['sotho', 'afrikaans'],
    share: 8,
    latitude: [-27.9, -24.6],
    longitude: [22.6, 28.3],
  },
  northern_cape: {
    districts: ['Frances Baard', 'John Taolo Gaetsewe', 'Namakwa', 'Pixley ka Seme', 'ZF Mgcawu'],
    municipalities: 31,
    styles: ['afrikaans', 'sotho'],
    share: 5,
    latitude: [-32.0, -26.5],
    longitude: [17.0, 25.0],
  },
  western_cape: {
    districts: ['Cape Winelands', 'Central Karoo', 'City of Cape Town', 'Garden Route', 'Overberg', 'West Coast'],
    municipalities: 30,
    styles: ['afrikaans', 'afrikaans', 'nguni'],
    share: 10,
    latitude: [-34.5, -31.5],
    longitude: [18.3, 23.5],
  },
};

const NAME_PARTS: Record<NameStyle, { starts: readonly string[]; ends: readonly string[] }> = {
  nguni: {
    starts: ['Kwa', 'Ema', 'Mzi', 'Ntaba', 'Emba', 'Nqa', 'Mpu', 'Ezi', 'Ulu', 'Mgu', 'Nko', 'Dlu', 'Sinda', 'Qu'],
    ends: [
      'langa',
      'ndeni',
      'thembu',
      'khanya',
      'nkosi',
      'mandla',
      'zwe',
      'hlabeni',
      'thandeni',
      'mbali',
      'sizwe',
      'duma',
      'phakeni',
      'bhekeni',
      'ngwenya',
      'vuleni',
    ],
  },
  sotho: {
    starts: ['Mo', 'Ma', 'Se', 'Le', 'Bo', 'Tla', 'Ga-', 'Phu', 'Tsha', 'Mme', 'Ke', 'Rama', 'Tlo', 'Dithu'],
    ends: [
      'kgoro',
      'tlhako',
      'thabeng',
      'setlha',
      'phiri',
      'lebowa',
      'motse',
      'kgomo',
      'ngwato',
      'tsheng',
      'fokeng',
      'rulaneng',
      'bodibe',
      'mokgwa',
      'lapeng',
      'tshehla',
    ],
  },
  afrikaans: {
    starts: ['Klip', 'Rooi', 'Wit', 'Swart', 'Bosch', 'Mooi', 'Riet', 'Hartbees', 'Leeu', 'Doorn', 'Bloem', 'Berg'],
    ends: [
      'fontein',
      'dorp',
      'kraal',
      'rivier',
      'burg',
      'stad',
      'vlei',
      'hoek',
      'kop',
      'laagte',
      'spruit',
      'poort',
      'dal',
      'pan',
    ],
  },
};

/**
 * Makes place names for a province, none twice (across everything one maker gave out): a start and an
 * end in one of the province's styles, with a second word ("Ext 2", "Noord") once the plain ones run out.
 */
export function placeNamer(province: Province, random: () => number): () => string {
  const { styles } = GEOGRAPHY[province];
  const given = new Set<string>();
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const qualifiers = ['Noord', 'Suid', 'Ext 2', 'Ext 4', 'Central', 'East', 'West', 'Village', 'Heights'];
  return () => {
    for (let attempt = 0; ; attempt += 1) {
      const parts = NAME_PARTS[pick(styles)];
      const start = pick(parts.starts);
      const end = pick(parts.ends);
      const joined = start.endsWith('-') ? `${start}${end[0]!.toUpperCase()}${end.slice(1)}` : `${start}${end}`;
      const name = attempt < 20 ? joined : `${joined} ${pick(qualifiers)}`;
      if (!given.has(name)) {
        given.add(name);
        return name;
      }
    }
  };
}
