import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ROLES, type Role } from '../../src/domain/accounts/roles.ts';
import { createSqliteProvider } from '../../src/db/sqlite.ts';
import { DEMO_ACCOUNTS } from '../../src/server/services/accounts/demo-accounts.ts';
import { startAppOnPreparedDatabase, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { cookiesFrom } from '../support/auth.ts';
import { routeFiles, routeOf } from '../support/routes.ts';

// Every HTTP route the built server serves, GET as every caller, against what each role is meant to
// see (README.md "Accounts and roles", docs/FACILITIES.md "Who may do what", the guardPage(...) roles
// and the procedures' roles). A route file without an entry here fails the first test.

const SERVER_ENTRY = fileURLToPath(new URL('../../dist/server/entry.mjs', import.meta.url));

const CALLERS = ['anonymous', 'admin', 'analyst', 'facilitator', 'saps', 'health', 'partner'] as const;
type Caller = (typeof CALLERS)[number];
type SignedInCaller = Exclude<Caller, 'anonymous'>;
const SIGNED_IN_CALLERS = CALLERS.filter((caller): caller is SignedInCaller => caller !== 'anonymous');

/** Each signed-in caller is the demo account whose e-mail address starts with its name (README.md). */
const ACCOUNT_OF = Object.fromEntries(
  SIGNED_IN_CALLERS.map((caller) => {
    const account = DEMO_ACCOUNTS.find((demo) => demo.email.startsWith(`${caller}@`));
    if (!account) throw new Error(`No demo account for the caller "${caller}".`);
    return [caller, account];
  }),
) as Record<SignedInCaller, (typeof DEMO_ACCOUNTS)[number]>;
const roleOf = (caller: SignedInCaller): Role => ACCOUNT_OF[caller].role;

/**
 * What a GET answers: a status; 'sign-in' (303 to /login?next=<the address asked for>); or another
 * redirect, as '<status> to <path and query>'.
 */
type Outcome = number | 'sign-in' | `${number} to /${string}`;
type Expected = Record<Caller, Outcome>;

const everyone = (outcome: Outcome) => Object.fromEntries(CALLERS.map((caller) => [caller, outcome])) as Expected;

/** A staff page: 200 for these roles, 403 for the other signed-in callers, sign-in for anonymous ones. */
function rolesOnly(roles: readonly Role[], anonymous: Outcome = 'sign-in'): Expected {
  return Object.fromEntries(
    CALLERS.map((caller) => [caller, caller === 'anonymous' ? anonymous : roles.includes(roleOf(caller)) ? 200 : 403]),
  ) as Expected;
}

const PUBLIC = everyone(200);
const SIGNED_IN = rolesOnly(ROLES);
const STAFF = rolesOnly(['admin', 'analyst', 'facilitator', 'official']);
/** Who records issues and keeps rounds and charters: facilitators at their own facilities only. */
const RECORD_KEEPERS = rolesOnly(['admin', 'analyst', 'facilitator']);
const ANALYSTS = rolesOnly(['admin', 'analyst']);
const ADMINISTRATORS = rolesOnly(['admin']);

/** The demo facilitator's facility (Kabokweni Clinic) and one outside their facilities (Katkop police station). */
const OWN_FACILITY = 'KIC-KABOKWENI-CLINIC';
const OTHER_FACILITY = 'NP-EC-KATKOP-SAPS';
/** A taxonomy tag that is also a knowledge-base tag, and a knowledge page marked for partners (content/). */
const TAG = 'vehicles';
const PARTNER_PAGE = 'guides/working-with-departments-on-escalation';

/** Records the table's parameters name, read from the app's database once it has started. */
interface Fixtures {
  /** SEED-0139, at Kabokweni Clinic, escalated in Mpumalanga Health's case (docs/SEED-DATA.md). */
  ownIssue: string;
  /** SEED-0001, at Katkop police station, escalated in the SAPS's case. */
  otherIssue: string;
  ownCommitment: string;
  otherCommitment: string;
  ownRound: string;
  otherRound: string;
  cluster: string;
  theme: string;
  clusterRun: string;
  /** A refused import each, run by the demo facilitator and by the demo analyst. */
  facilitatorsImport: string;
  analystsImport: string;
  analystAccount: string;
}

interface Visit {
  /** Values for the pattern's [param] and [...slug] segments. */
  params?: (fixtures: Fixtures) => Record<string, string>;
  /** A query string, from its "?". */
  query?: string;
  expected: Expected;
}

/** Every route file under src/pages, by its route pattern: how to fill its parameters, and what each caller gets. */
const ROUTES: Record<string, readonly Visit[]> = {
  '/': [{ expected: PUBLIC }],
  '/404': [{ expected: everyone(404) }],
  '/500': [{ expected: everyone(500) }],
  '/account': [{ expected: SIGNED_IN }],
  '/account/two-factor': [{ expected: SIGNED_IN }],
  '/admin/audit': [{ expected: ADMINISTRATORS }],
  '/admin/deadlines': [{ expected: ADMINISTRATORS }],
  '/admin/departments': [{ expected: ADMINISTRATORS }],
  '/admin/departments/[code]': [{ params: () => ({ code: 'SAPS' }), expected: ADMINISTRATORS }],
  '/admin/departments/new': [{ expected: ADMINISTRATORS }],
  '/admin/facilities/new': [{ expected: ADMINISTRATORS }],
  '/admin/outbox': [{ expected: ADMINISTRATORS }],
  '/admin/users': [{ expected: ADMINISTRATORS }],
  '/admin/users/[id]': [{ params: (f) => ({ id: f.analystAccount }), expected: ADMINISTRATORS }],
  '/admin/users/new': [{ expected: ADMINISTRATORS }],
  // tRPC answers 401 and 403 itself; tests/integration/trpc/permission-matrix.test.ts covers every procedure.
  '/api/trpc/[trpc]': [
    { params: () => ({ trpc: 'system.health' }), expected: PUBLIC },
    { params: () => ({ trpc: 'account.me' }), expected: rolesOnly(ROLES, 401) },
    { params: () => ({ trpc: 'user.list' }), query: '?input=%7B%7D', expected: rolesOnly(['admin'], 401) },
  ],
  '/clusters': [{ expected: ANALYSTS }],
  '/clusters/export.csv': [{ expected: rolesOnly(['admin', 'analyst'], 401) }],
  '/clusters/[id]': [{ params: (f) => ({ id: f.cluster }), expected: ANALYSTS }],
  '/clusters/themes/[id]': [{ params: (f) => ({ id: f.theme }), expected: ANALYSTS }],
  '/clusters/rule': [{ expected: ANALYSTS }],
  '/clusters/runs': [{ expected: ANALYSTS }],
  '/clusters/runs/[id]': [{ params: (f) => ({ id: f.clusterRun }), expected: ANALYSTS }],
  // Staff who work on cases see theirs; everyone else the public list (docs/PUBLIC.md).
  '/cases': [{ expected: PUBLIC }, { query: '?scope=public', expected: PUBLIC }],
  // Without a cluster or issues, the form says to choose them first.
  '/cases/new': [{ expected: rolesOnly(['analyst']) }],
  // A public case shows its public view to everyone it does not concern; an internal one is "not found" to them
  // (docs/CASES.md), never "forbidden".
  '/cases/[reference]': [
    { params: () => ({ reference: 'SC-2016-0002' }), expected: PUBLIC },
    { params: () => ({ reference: 'SC-2016-0001' }), expected: PUBLIC },
    {
      params: () => ({ reference: 'SC-2016-0004' }),
      expected: { ...everyone(404), admin: 200, analyst: 200, saps: 200 },
    },
  ],
  // The Atom feeds (docs/PUBLIC.md): an unknown department, province or tag has none; provinces take hyphens.
  '/cases.atom': [{ expected: PUBLIC }],
  '/departments/[code]/cases.atom': [
    { params: () => ({ code: 'SAPS' }), expected: PUBLIC },
    { params: () => ({ code: 'NO-SUCH-DEPARTMENT' }), expected: everyone(404) },
  ],
  '/provinces/[slug]/cases.atom': [
    { params: () => ({ slug: 'kwazulu-natal' }), expected: PUBLIC },
    { params: () => ({ slug: 'kwazulu_natal' }), expected: everyone(404) },
  ],
  '/tags/[slug]/cases.atom': [
    { params: () => ({ slug: TAG }), expected: PUBLIC },
    { params: () => ({ slug: 'no-such-tag' }), expected: everyone(404) },
  ],
  '/open-data': [{ expected: PUBLIC }],
  '/open-data/cbm-public.zip': [{ expected: PUBLIC }],
  '/open-data/cbm-public.json': [{ expected: PUBLIC }],
  '/cases/[reference]/public': [
    { params: () => ({ reference: 'SC-2016-0002' }), expected: PUBLIC },
    { params: () => ({ reference: 'SC-2016-0004' }), expected: everyone(404) },
  ],
  '/commitments/[id]': [
    { params: (f) => ({ id: f.ownCommitment }), expected: RECORD_KEEPERS },
    { params: (f) => ({ id: f.otherCommitment }), expected: { ...RECORD_KEEPERS, facilitator: 404 } },
  ],
  '/commitments/[id]/edit': [
    { params: (f) => ({ id: f.ownCommitment }), expected: RECORD_KEEPERS },
    { params: (f) => ({ id: f.otherCommitment }), expected: { ...RECORD_KEEPERS, facilitator: 404 } },
  ],
  '/commitments/overdue': [{ expected: RECORD_KEEPERS }],
  '/commitments/overdue.csv': [{ expected: rolesOnly(['admin', 'analyst', 'facilitator'], 401) }],
  '/dashboard': [{ expected: rolesOnly(['admin', 'analyst', 'official']) }],
  // A download, not a page: 401 rather than the sign-in page; officials do not review clusters.
  '/dashboard/[table].csv': [
    { params: () => ({ table: 'overdue' }), expected: rolesOnly(['admin', 'analyst', 'official'], 401) },
    { params: () => ({ table: 'candidates' }), expected: rolesOnly(['admin', 'analyst'], 401) },
    { params: () => ({ table: 'nothing' }), expected: everyone(404) },
  ],
  // How departments answer systemic cases: counts, public to everyone (docs/PUBLIC.md).
  '/departments': [{ expected: PUBLIC }, { query: '?sort=days_to_acknowledge&direction=asc', expected: PUBLIC }],
  '/departments/[code]': [
    { params: () => ({ code: 'SAPS' }), expected: PUBLIC },
    { params: () => ({ code: 'NO-SUCH-DEPARTMENT' }), expected: everyone(404) },
  ],
  '/facilities': [{ expected: PUBLIC }],
  '/facilities/export.csv': [{ expected: PUBLIC }],
  '/facilities/[code]': [{ params: () => ({ code: OWN_FACILITY }), expected: PUBLIC }],
  '/facilities/[code]/commitments/new': [
    { params: () => ({ code: OWN_FACILITY }), expected: RECORD_KEEPERS },
    { params: () => ({ code: OTHER_FACILITY }), expected: { ...RECORD_KEEPERS, facilitator: 403 } },
  ],
  '/facilities/[code]/edit': [{ params: () => ({ code: OWN_FACILITY }), expected: ADMINISTRATORS }],
  '/facilities/[code]/rounds/[id]': [
    { params: (f) => ({ code: OWN_FACILITY, id: f.ownRound }), expected: RECORD_KEEPERS },
    { params: (f) => ({ code: OTHER_FACILITY, id: f.otherRound }), expected: { ...RECORD_KEEPERS, facilitator: 404 } },
  ],
  '/facilities/[code]/rounds/new': [
    { params: () => ({ code: OWN_FACILITY }), expected: RECORD_KEEPERS },
    { params: () => ({ code: OTHER_FACILITY }), expected: { ...RECORD_KEEPERS, facilitator: 403 } },
  ],
  '/forgot-password': [{ expected: PUBLIC }],
  '/inbox': [{ expected: rolesOnly(['official']) }],
  '/issues': [{ expected: STAFF }],
  // Officials read the issues linked to their department's cases; facilitators those of their facilities.
  '/issues/[id]': [
    { params: (f) => ({ id: f.ownIssue }), expected: { ...STAFF, saps: 404 } },
    { params: (f) => ({ id: f.otherIssue }), expected: { ...STAFF, facilitator: 404, health: 404 } },
  ],
  '/issues/[id]/edit': [
    { params: (f) => ({ id: f.ownIssue }), expected: RECORD_KEEPERS },
    { params: (f) => ({ id: f.otherIssue }), expected: { ...RECORD_KEEPERS, facilitator: 404 } },
  ],
  // A download, not a page: 401 rather than the sign-in page.
  '/issues/export.csv': [{ expected: rolesOnly(['admin', 'analyst', 'facilitator', 'official'], 401) }],
  '/issues/import': [{ expected: RECORD_KEEPERS }],
  '/issues/imports': [{ expected: RECORD_KEEPERS }],
  // Facilitators see their own imports only; analysts and administrators see everyone's.
  '/issues/imports/[id]': [
    { params: (f) => ({ id: f.facilitatorsImport }), expected: RECORD_KEEPERS },
    { params: (f) => ({ id: f.analystsImport }), expected: { ...RECORD_KEEPERS, facilitator: 404 } },
  ],
  '/issues/new': [{ expected: RECORD_KEEPERS }],
  // Prerendered public pages; a page for partners is not among them.
  '/knowledge/[...slug]': [
    { params: () => ({ slug: 'toolkit/overview' }), expected: PUBLIC },
    { params: () => ({ slug: PARTNER_PAGE }), expected: everyone(404) },
  ],
  // Open311 GeoReport v2, read-only and public (docs/PUBLIC.md); an unknown format, service or request is 404.
  '/open311/v2/discovery.[format]': [
    { params: () => ({ format: 'json' }), expected: PUBLIC },
    { params: () => ({ format: 'xml' }), expected: PUBLIC },
  ],
  '/open311/v2/requests.[format]': [
    { params: () => ({ format: 'json' }), expected: PUBLIC },
    { params: () => ({ format: 'xml' }), query: '?start_date=2016-01-01', expected: PUBLIC },
    { params: () => ({ format: 'json' }), query: '?start_date=never', expected: everyone(400) },
    { params: () => ({ format: 'csv' }), expected: everyone(404) },
  ],
  '/open311/v2/requests/[id].[format]': [
    { params: () => ({ id: 'SC-2016-0002', format: 'json' }), expected: PUBLIC },
    { params: () => ({ id: 'SC-2016-0002', format: 'xml' }), expected: PUBLIC },
    { params: () => ({ id: 'SC-2016-0004', format: 'json' }), expected: everyone(404) },
  ],
  '/open311/v2/services.[format]': [
    { params: () => ({ format: 'json' }), expected: PUBLIC },
    { params: () => ({ format: 'xml' }), expected: PUBLIC },
  ],
  '/open311/v2/services/[code].[format]': [
    { params: () => ({ code: TAG, format: 'xml' }), expected: PUBLIC },
    { params: () => ({ code: 'no-such-service', format: 'json' }), expected: everyone(404) },
  ],
  '/public-texts': [{ expected: rolesOnly(['analyst']) }],
  '/knowledge/cases-for-tags': [{ query: `?tags=${TAG}`, expected: PUBLIC }],
  '/knowledge': [{ expected: PUBLIC }],
  '/knowledge/partners': [{ expected: SIGNED_IN }],
  '/knowledge/partners/[...slug]': [{ params: () => ({ slug: PARTNER_PAGE }), expected: SIGNED_IN }],
  '/knowledge/sector/[sector]': [{ params: () => ({ sector: 'health' }), expected: PUBLIC }],
  '/knowledge/step/[step]': [{ params: () => ({ step: '1' }), expected: PUBLIC }],
  '/knowledge/tag/[tag]': [{ params: () => ({ tag: TAG }), expected: PUBLIC }],
  // Someone signed in goes where next= says (the home page by default).
  '/login': [{ expected: { ...everyone('303 to /'), anonymous: 200 } }],
  '/login/two-factor': [{ expected: PUBLIC }],
  // GET only asks; signing out is a POST.
  '/logout': [{ expected: PUBLIC }],
  '/notifications': [{ expected: SIGNED_IN }],
  '/reset-password': [{ expected: PUBLIC }],
  '/search': [{ query: '?q=vehicles', expected: PUBLIC }],
  '/taxonomy': [{ expected: ANALYSTS }],
  '/taxonomy/[slug]': [{ params: () => ({ slug: TAG }), expected: ANALYSTS }],
  '/taxonomy/[slug]/merge': [{ params: () => ({ slug: TAG }), expected: ANALYSTS }],
  // A download, like the issues' CSV.
  '/taxonomy/export.json': [{ expected: rolesOnly(['admin', 'analyst'], 401) }],
  '/taxonomy/new': [{ expected: ANALYSTS }],
};

/** Routes Astro adds to the built server itself, with no file under src/pages. */
const ASTRO_ROUTES: Record<string, readonly Visit[]> = {
  // The image endpoint: the product shows no images, and a local SVG source made it answer 500.
  '/_image': [{ expected: everyone(404) }, { query: '?href=%2Ffavicon.svg&w=10&h=10&f=png', expected: everyone(404) }],
  // Server islands (the related cases on knowledge pages) need the props the page encrypted.
  '/_server-islands/[name]': [{ params: () => ({ name: 'RelatedCases' }), expected: everyone(400) }],
};

/** The better-auth endpoints that were served at /api/auth before the pages called better-auth server-side. */
const REMOVED_AUTH_PATHS = [
  '/api/auth/sign-in/email',
  '/api/auth/get-session',
  '/api/auth/update-user',
  '/api/auth/two-factor/disable',
  '/api/auth/change-password',
];

function pathOf(pattern: string, visit: Visit, fixtures: Fixtures): string {
  const params = visit.params?.(fixtures) ?? {};
  const path = pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`The table gives ${pattern} no value for [${name}].`);
    return value.split('/').map(encodeURIComponent).join('/');
  });
  return `${path}${visit.query ?? ''}`;
}

describe('the route matrix', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  const cookies = {} as Record<Caller, string>;
  let fixtures: Fixtures;
  /** The route patterns of the built server's manifest, where Astro names each as "route":"<pattern>". */
  let builtRoutes: string[] = [];

  /** Signs in at /login as a browser does, and returns the Cookie header it would send from then on. */
  async function signIn(caller: SignedInCaller): Promise<string> {
    const { email, password } = ACCOUNT_OF[caller];
    const response = await fetch(`${app.url}/login?next=%2F`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ email, password }),
    });
    const cookie = cookiesFrom(response);
    if (response.status !== 303 || response.headers.get('location') !== '/' || cookie === '') {
      throw new Error(`${email} did not sign in: ${response.status}\n${await response.text()}`);
    }
    return cookie;
  }

  /** Posts a CSV the importer refuses (no such columns), which leaves a run with its report and no issues. */
  async function refusedImport(caller: SignedInCaller): Promise<string> {
    const form = new FormData();
    form.set('file', new File([`not_a_column\n${caller}\n`], `${caller}.csv`, { type: 'text/csv' }));
    const response = await fetch(`${app.url}/issues/import`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: app.url, cookie: cookies[caller] },
      body: form,
    });
    const id = /^\/issues\/imports\/([^/?]+)$/.exec(response.headers.get('location') ?? '')?.[1];
    if (!id) throw new Error(`The import as ${caller} left no run: ${response.status}\n${await response.text()}`);
    return id;
  }

  beforeAll(async () => {
    app = await startAppOnPreparedDatabase({ DATABASE_URL: database.url, DEMO_ACCOUNTS: 'true' });
    const signedIn = await Promise.all(SIGNED_IN_CALLERS.map(async (caller) => [caller, await signIn(caller)]));
    Object.assign(cookies, { anonymous: '' }, Object.fromEntries(signedIn));
    // Read now, right after the start built it if it was stale.
    builtRoutes = [...readFileSync(SERVER_ENTRY, 'utf8').matchAll(/"route":"([^"]+)"/g)].map((match) => match[1]!);

    const db = createSqliteProvider(database.url).createClient();
    try {
      // The worker clustered the pilot issues once after the first start (done in the prepared database).
      const clusterRun = await vi.waitFor(
        async () => {
          const run = await db.clusterRun.findFirst({ where: { status: 'succeeded' } });
          if (!run) throw new Error('The first clustering run has not finished.');
          return run;
        },
        { timeout: 30_000, interval: 250 },
      );
      const issue = (externalRef: string) => db.localIssue.findFirstOrThrow({ where: { externalRef } });
      const commitment = (externalRef: string) =>
        db.charterCommitment.findFirstOrThrow({ where: { localIssue: { externalRef } } });
      const round = (code: string) => db.monitoringRound.findFirstOrThrow({ where: { facility: { code } } });
      fixtures = {
        ownIssue: (await issue('SEED-0139')).id,
        otherIssue: (await issue('SEED-0001')).id,
        ownCommitment: (await commitment('SEED-0139')).id,
        otherCommitment: (await commitment('SEED-0001')).id,
        ownRound: (await round(OWN_FACILITY)).id,
        otherRound: (await round(OTHER_FACILITY)).id,
        cluster: (await db.cluster.findFirstOrThrow({ where: { status: { not: 'merged' } } })).id,
        theme: (await db.theme.findFirstOrThrow()).id,
        clusterRun: clusterRun.id,
        facilitatorsImport: await refusedImport('facilitator'),
        analystsImport: await refusedImport('analyst'),
        analystAccount: (await db.user.findUniqueOrThrow({ where: { email: ACCOUNT_OF.analyst.email } })).id,
      };
    } finally {
      await db.$disconnect();
    }
  });

  afterAll(async () => {
    await app?.stop();
    database.remove();
  });

  /** GET as the caller, without following redirects, described as the table describes outcomes. */
  async function outcomeOf(path: string, caller: Caller, init: RequestInit = {}): Promise<Outcome | string> {
    const response = await fetch(`${app.url}${path}`, {
      redirect: 'manual',
      ...init,
      headers: { ...(init.headers as Record<string, string>), ...(cookies[caller] ? { cookie: cookies[caller] } : {}) },
    });
    await response.arrayBuffer();
    const location = response.headers.get('location');
    if (location === null) return response.status;
    const target = new URL(location, app.url);
    if (target.origin !== new URL(app.url).origin) return `${response.status} to ${location}`;
    const targetPath = `${target.pathname}${target.search}`;
    if (response.status === 303 && targetPath === `/login?next=${encodeURIComponent(path)}`) return 'sign-in';
    return `${response.status} to ${targetPath}`;
  }

  async function answersTo(path: string, init?: RequestInit) {
    const answers = await Promise.all(CALLERS.map(async (caller) => [caller, await outcomeOf(path, caller, init)]));
    return Object.fromEntries(answers) as Record<Caller, Outcome | string>;
  }

  it('has an entry for every route file under src/pages, and none for a route without a file', () => {
    const files = routeFiles();
    const routesWithFiles = new Set(files.map(routeOf));
    expect({
      filesWithoutEntry: files.filter((file) => !(routeOf(file) in ROUTES)),
      entriesWithoutFile: Object.keys(ROUTES).filter((route) => !routesWithFiles.has(route)),
    }).toEqual({ filesWithoutEntry: [], entriesWithoutFile: [] });
  });

  it("serves the table's routes and Astro's own, and no other, in the built server", () => {
    expect([...new Set(builtRoutes)].sort()).toEqual([...Object.keys(ROUTES), ...Object.keys(ASTRO_ROUTES)].sort());
  });

  it.each(Object.entries({ ...ROUTES, ...ASTRO_ROUTES }))(
    'answers GET %s to each caller as the table says',
    async (pattern, visits) => {
      for (const visit of visits) {
        const path = pathOf(pattern, visit, fixtures);
        expect(await answersTo(path), `GET ${path}`).toEqual(visit.expected);
      }
    },
  );

  it.each(REMOVED_AUTH_PATHS)('answers GET and POST %s with 404 for every caller', async (path) => {
    const post = {
      method: 'POST',
      headers: { origin: app.url, 'content-type': 'application/json' },
      body: '{}',
    };
    expect({ get: await answersTo(path), post: await answersTo(path, post) }).toEqual({
      get: everyone(404),
      post: everyone(404),
    });
  });

  it('sets no session cookie when valid demo credentials are posted to /api/auth/sign-in/email', async () => {
    const { email, password } = ACCOUNT_OF.admin;
    const bodies = {
      'application/json': JSON.stringify({ email, password }),
      'application/x-www-form-urlencoded': new URLSearchParams({ email, password }).toString(),
    };
    for (const [type, body] of Object.entries(bodies)) {
      const response = await fetch(`${app.url}/api/auth/sign-in/email`, {
        method: 'POST',
        redirect: 'manual',
        headers: { origin: app.url, 'content-type': type },
        body,
      });
      await response.arrayBuffer();
      expect({ type, status: response.status, cookies: response.headers.getSetCookie() }).toEqual({
        type,
        status: 404,
        cookies: [],
      });
    }
  });

  it('records a page refused to a signed-in role in the audit log, as a refused procedure is', async () => {
    expect(await outcomeOf('/admin/users?refusal-check', 'partner')).toBe(403);
    const db = createSqliteProvider(database.url).createClient();
    try {
      const partner = await db.user.findUniqueOrThrow({ where: { email: ACCOUNT_OF.partner.email } });
      expect(
        await db.auditEvent.findMany({
          where: { actorId: partner.id, action: 'permission.denied', entityType: 'page', entityId: '/admin/users' },
          select: { changes: true },
        }),
      ).toContainEqual({ changes: { code: 'FORBIDDEN' } });
    } finally {
      await db.$disconnect();
    }
  });
});
