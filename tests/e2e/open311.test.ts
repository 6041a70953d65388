import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSeedData } from '../../prisma/seed/load-seed-data.ts';
import { OPEN311_LIST_ITEMS } from '../../src/domain/open311/georeport.ts';
import { startAppOnPreparedDatabase, temporarySqliteUrl, type RunningApp } from '../support/app-server.ts';
import { hasXmllint, readXml, xmllintProblems, type XmlElement } from '../support/xml-reader.ts';

// Every Open311 GeoReport v2 address over HTTP against the built app and its seeded pilot data, in JSON and XML:
// headers, status codes, and each document field by field. The XML is read back and mapped to JSON by the
// specification's Spark convention (http://wiki.open311.org/JSON_and_XML_Conversion), which must give the JSON
// answer exactly: the same element names, in the same order, lists as lists even of one item or none.

/** An XML element as its JSON (Spark convention): lists as arrays, records as objects, text as text. */
function sparkJsonOf(element: XmlElement): unknown {
  const itemName = OPEN311_LIST_ITEMS[element.name];
  if (itemName) {
    const strangers = element.children.filter((child) => child.name !== itemName).map((child) => child.name);
    if (strangers.length > 0) throw new Error(`<${element.name}> holds <${strangers.join('>, <')}>.`);
    return element.children.map(sparkJsonOf);
  }
  if (element.children.length === 0) return element.text;
  const record: Record<string, unknown> = {};
  for (const child of element.children) {
    if (child.name in record) throw new Error(`<${element.name}> holds <${child.name}> twice.`);
    record[child.name] = sparkJsonOf(child);
  }
  return record;
}

/** JSON's values as XML text: null as the empty element, true as "true", 404 as "404". */
function asXmlText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(asXmlText);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, field]) => [key, asXmlText(field)]));
  }
  return value === null ? '' : String(value);
}

describe('Open311 GeoReport v2 over HTTP', () => {
  const database = temporarySqliteUrl();
  let app: RunningApp;
  /** Every body answered 200, to look for what must never be in one. */
  const bodies: string[] = [];

  beforeAll(async () => {
    app = await startAppOnPreparedDatabase({ DATABASE_URL: database.url });
  });
  afterAll(async () => {
    await app?.stop();
    database.remove();
  });

  async function get(path: string, init: RequestInit = {}) {
    const response = await fetch(`${app.url}/open311/v2/${path}`, init);
    const body = await response.text();
    if (response.status === 200) bodies.push(body);
    return { status: response.status, headers: response.headers, body };
  }

  /** GETs the address in JSON and in XML, checks their headers and that the XML is the JSON, and gives the JSON. */
  async function both(path: string, root: string, status = 200): Promise<unknown> {
    const [json, xml] = await Promise.all([
      get(`${path.replace('{format}', 'json')}`),
      get(path.replace('{format}', 'xml')),
    ]);
    expect([json.status, xml.status], path).toEqual([status, status]);
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(xml.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    expect([json.headers.get('access-control-allow-origin'), xml.headers.get('access-control-allow-origin')]).toEqual([
      '*',
      '*',
    ]);
    if (hasXmllint) expect(xmllintProblems(xml.body), path).toBe('');
    const tree = readXml(xml.body);
    expect(tree.name).toBe(root);
    const value: unknown = JSON.parse(json.body);
    expect(sparkJsonOf(tree)).toEqual(asXmlText(value));
    // The same keys in the same order: element order is part of the specification's XML.
    expect(JSON.stringify(sparkJsonOf(tree))).toBe(JSON.stringify(asXmlText(value)));
    return value;
  }

  it('serves the discovery document, pointing at this endpoint', async () => {
    const discovery = (await both('discovery.{format}', 'discovery')) as Record<string, unknown>;
    expect(Object.keys(discovery)).toEqual(['changeset', 'contact', 'key_service', 'endpoints']);
    expect(discovery.changeset).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+02:00$/);
    expect(discovery.endpoints).toEqual([
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${app.url}/open311/v2`,
        changeset: discovery.changeset,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ]);
  });

  it('serves the taxonomy as services, and a service definition without attributes', async () => {
    const services = (await both('services.{format}', 'services')) as Record<string, unknown>[];
    expect(services.length).toBeGreaterThan(20);
    expect(services.find((service) => service.service_code === 'maintenance-turnaround')).toEqual({
      service_code: 'maintenance-turnaround',
      service_name: 'Vehicle maintenance turnaround',
      description: expect.stringMatching(/^How long vehicles stay off the road/),
      metadata: false,
      type: 'realtime',
      keywords: expect.stringContaining('slow repairs'),
      group: 'Vehicles',
    });
    expect(await both('services/vehicles.{format}', 'service_definition')).toEqual({
      service_code: 'vehicles',
      attributes: [],
    });
  });

  it('answers the last 90 days by default, which holds none of the 2016 pilot, as an empty list', async () => {
    expect(await both('requests.{format}', 'service_requests')).toEqual([]);
    expect((await get('requests.xml')).body).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>\n',
    );
  });

  it('serves the public pilot cases as service requests, field by field', async () => {
    const requests = (await both('requests.{format}?start_date=2016-01-01', 'service_requests')) as Record<
      string,
      unknown
    >[];
    expect(requests.map((request) => request.service_request_id)).toEqual([
      'SC-2016-0003',
      'SC-2016-0002',
      'SC-2016-0001',
    ]);
    expect(requests[1]).toEqual({
      service_request_id: 'SC-2016-0002',
      status: 'open',
      status_notes: expect.stringMatching(
        /^In progress\. Last decision on 16 February 2017: started the work \(Sector official, South African Police Service\): Turnaround reporting started/,
      ),
      service_name: 'Vehicle maintenance turnaround',
      service_code: 'maintenance-turnaround',
      description: expect.stringMatching(
        /^Police vehicles stay off the road for months during maintenance and repairs\n\nAt police stations/,
      ),
      agency_responsible: 'South African Police Service',
      service_notice: expect.stringMatching(/^Next in the response plan, due 30 April 2017: Report the number of days/),
      requested_datetime: '2016-10-15T02:00:00+02:00',
      updated_datetime: '2017-02-16T02:00:00+02:00',
      expected_datetime: null,
      address: expect.stringMatching(
        /^City of Johannesburg Metropolitan Municipality, City of Tshwane Metropolitan Municipality, Gauteng; /,
      ),
      notes: [
        expect.objectContaining({ datetime: '2016-10-15T02:00:00+02:00', type: 'escalate' }),
        expect.objectContaining({ datetime: '2016-10-29T02:00:00+02:00', type: 'acknowledge' }),
        expect.objectContaining({ datetime: '2016-12-04T02:00:00+02:00', type: 'accept' }),
        expect.objectContaining({ datetime: '2017-01-13T02:00:00+02:00', type: 'plan_response' }),
        {
          datetime: '2017-02-16T02:00:00+02:00',
          summary: 'Started the work (Sector official, South African Police Service)',
          description: expect.stringMatching(/^Turnaround reporting started/),
          type: 'start_work',
        },
      ],
    });
    expect(requests[0]).toMatchObject({
      status_notes: 'Escalated.',
      service_notice: 'National Department of Health was to acknowledge the case by 02 December 2016, and has not yet.',
      expected_datetime: '2016-12-02T23:59:59+02:00',
    });
    const paged = (await both('requests.{format}?start_date=2016-01-01&page_size=1&page=2', 'service_requests')) as {
      service_request_id: string;
    }[];
    expect(paged.map((request) => request.service_request_id)).toEqual(['SC-2016-0002']);
  });

  it('serves one request by its reference as a list of one', async () => {
    const [request, ...others] = (await both('requests/SC-2016-0001.{format}', 'service_requests')) as Record<
      string,
      unknown
    >[];
    expect(others).toEqual([]);
    expect(request).toMatchObject({
      service_request_id: 'SC-2016-0001',
      status: 'open',
      agency_responsible: 'Mpumalanga Department of Health',
      requested_datetime: '2016-08-10T02:00:00+02:00',
      address: 'Ehlanzeni District, Mpumalanga',
    });
  });

  it('answers an unknown request, service or format with 404, and arguments it cannot use with 400', async () => {
    expect(await both('requests/SC-2016-0004.{format}', 'errors', 404)).toEqual([
      { code: 404, description: 'There is no public service request "SC-2016-0004".' },
    ]);
    expect(await both('services/no-such-service.{format}', 'errors', 404)).toEqual([
      { code: 404, description: 'There is no service "no-such-service"; services.json lists every service_code.' },
    ]);
    expect(await both('requests.{format}?start_date=2016-01-01T00:00:00&status=pending', 'errors', 400)).toEqual([
      { code: 400, description: 'status: "pending" is not a status; use open or closed.' },
      {
        code: 400,
        description:
          'start_date: "2016-01-01T00:00:00" needs a time zone, Z or +02:00 (e.g. 2016-08-01T00:00:00+02:00).',
      },
    ]);
    const csv = await get('requests.csv');
    expect([csv.status, csv.headers.get('content-type')]).toEqual([404, 'text/xml; charset=utf-8']);
    expect(sparkJsonOf(readXml(csv.body))).toEqual([
      { code: '404', description: 'There is no "csv" format; end the address in .json or .xml.' },
    ]);
  });

  it('refuses to take a service request, as the standard refuses a request without a valid api_key', async () => {
    // As an Open311 client posts: a form, from a server (no Origin) or from a page elsewhere.
    for (const origin of [undefined, 'https://elsewhere.example']) {
      const posted = await get('requests.json', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
        body: 'service_code=vehicles&lat=-25.4&long=31.2&description=No+van',
      });
      expect({
        status: posted.status,
        type: posted.headers.get('content-type'),
        body: JSON.parse(posted.body),
      }).toEqual({
        status: 403,
        type: 'application/json; charset=utf-8',
        body: [{ code: 403, description: expect.stringMatching(/^This Open311 endpoint is read-only/) }],
      });
    }
    const xml = await get('requests.xml', { method: 'POST', body: 'service_code=vehicles' });
    expect(sparkJsonOf(readXml(xml.body))).toEqual([{ code: '403', description: expect.any(String) }]);
    const put = await get('services.xml', { method: 'PUT', body: '' });
    expect([put.status, put.headers.get('allow')]).toEqual([405, 'GET, HEAD, OPTIONS']);
    expect(sparkJsonOf(readXml(put.body))).toEqual([
      { code: '405', description: 'PUT is not answered here: this Open311 endpoint is read-only (GET).' },
    ]);
    const options = await get('requests.json', { method: 'OPTIONS' });
    expect([options.status, options.headers.get('access-control-allow-origin'), options.body]).toEqual([204, '*', '']);
    const head = await get('requests.json?start_date=2016-01-01', { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), head.body]).toEqual([
      200,
      'application/json; charset=utf-8',
      '',
    ]);
  });

  it('never shows the internal pilot case', () => {
    const internal = loadSeedData().cases.find((seeded) => seeded.visibility === 'internal')!;
    expect(bodies.length).toBeGreaterThan(10);
    for (const body of bodies) {
      expect(body).not.toContain(internal.reference);
      expect(body).not.toContain(internal.title);
    }
  });
});
