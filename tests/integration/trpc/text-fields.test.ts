import { TRPCError } from '@trpc/server';
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Db } from '../../../src/db/client.ts';
import type { SignedInActor } from '../../../src/domain/accounts/actor.ts';
import { formErrorsOf } from '../../../src/lib/forms/form-errors.ts';
import { messageOf } from '../../../src/lib/forms/service-error-message.ts';
import { createContext } from '../../../src/server/trpc/context.ts';
import { appRouter, createCaller } from '../../../src/server/trpc/root.ts';
import { aDepartment, aFacility } from '../../fixtures/builders.ts';
import { anActorWithAccount } from '../../support/auth.ts';
import { describeEachProvider } from '../../support/test-database.ts';

/**
 * Every string of every procedure's input refuses control characters and bidirectional overrides (the
 * `textField()` of src/domain/text/text-schema.ts). This walks the input schemas as the router holds them, so
 * that a new procedure or field written with a bare `z.string()` fails here.
 */

type Segment = string | number;
interface StringLeaf {
  path: Segment[];
  /** z.iso.date(), z.base64() and the like: their alphabet has no control characters, so they refuse in their own words. */
  format: string | undefined;
  /** A discriminated union's choice the field belongs to (its key and value, at the union's path). */
  chosen?: { path: Segment[]; key: string; value: unknown };
}

/** Formats whose own check cannot pass a control character; every other string must name the character. */
const CLOSED_FORMATS = new Set(['date', 'datetime', 'time', 'base64', 'base64url', 'uuid', 'cuid', 'cuid2']);
/** Schema kinds that hold no strings. */
const NO_STRINGS = new Set(['number', 'int', 'boolean', 'enum', 'literal', 'bigint', 'date', 'null', 'undefined']);

interface Def {
  type: string;
  format?: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
  left?: z.ZodType;
  right?: z.ZodType;
  in?: z.ZodType;
  valueType?: z.ZodType;
}

function stringLeaves(schema: z.ZodType, path: Segment[] = []): StringLeaf[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  switch (def.type) {
    case 'string':
      return [{ path, format: def.format }];
    case 'object':
      return Object.entries(def.shape ?? {}).flatMap(([key, child]) => stringLeaves(child, [...path, key]));
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return stringLeaves(def.innerType!, path);
    case 'array':
      return stringLeaves(def.element!, [...path, 0]);
    case 'union':
      return def.options!.flatMap((option) => {
        const leaves = stringLeaves(option, path);
        if (!def.discriminator) return leaves;
        // The field is checked once the union has chosen its option, as it would be in a real input.
        const shape = (option as unknown as { _zod: { def: Def } })._zod.def.shape ?? {};
        const literal = (shape[def.discriminator] as unknown as { _zod: { def: Def } })._zod.def.values?.[0];
        return leaves.map((leaf) => ({
          ...leaf,
          chosen: leaf.chosen ?? { path, key: def.discriminator!, value: literal },
        }));
      });
    case 'intersection':
      return [...stringLeaves(def.left!, path), ...stringLeaves(def.right!, path)];
    case 'pipe':
      return stringLeaves(def.in!, path);
    case 'record':
      return stringLeaves(def.valueType!, [...path, 'key']);
    default:
      if (NO_STRINGS.has(def.type)) return [];
      throw new Error(`The walk does not know ${def.type} schemas yet (at ${path.join('.') || 'the top'}): teach it.`);
  }
}

/** An input holding `value` at `path` and nothing else (but the union choice it belongs to). */
function inputWith(path: readonly Segment[], value: unknown, chosen?: StringLeaf['chosen']): unknown {
  if (chosen && chosen.path.length === 0) {
    return { ...(inputWith(path, value) as object), [chosen.key]: chosen.value };
  }
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  const inner = chosen && { ...chosen, path: chosen.path.slice(1) };
  return typeof head === 'number' ? [inputWith(rest, value, inner)] : { [head!]: inputWith(rest, value, inner) };
}

/**
 * The schema that refuses: a form's input (server/trpc/form-input.ts) passes the procedure as typed and is
 * refused by its service, which parses it with the schema inside the catch.
 */
function refusingSchema(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  if (def.type === 'catch') return def.innerType!;
  if (def.type === 'intersection') return refusingSchema(def.left!).and(refusingSchema(def.right!));
  return schema;
}

const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { inputs: z.ZodType[] } }>;
const leaves = Object.entries(procedures).flatMap(([name, procedure]) =>
  procedure._def.inputs.map(refusingSchema).flatMap((schema) =>
    // A field reached twice (the two sides of an intersection) is checked once.
    [...new Map(stringLeaves(schema).map((leaf) => [leaf.path.join('.'), leaf])).values()].map((leaf) => ({
      name,
      schema,
      ...leaf,
      field: leaf.path.join('.'),
    })),
  ),
);

describe('the string fields of every procedure input', () => {
  it('are found by the walk, free text and ids alike', () => {
    const found = new Set(leaves.map((leaf) => `${leaf.name} ${leaf.field}`));
    for (const expected of [
      'localIssue.create title',
      'localIssue.update description',
      'localIssue.create rootCauses.0.statement',
      'localIssue.list q',
      'localIssue.changeStatus note',
      'user.invite email',
      'user.invite name',
      'user.deactivate reason',
      'taxonomy.add synonyms.0',
      'taxonomy.addSynonym term',
      'facility.create community',
      'department.create name',
      'charter.add commitment',
      'charter.addProgress note',
      'cluster.rename label',
      'imports.run fileName',
      'imports.run mappingJson',
      'knowledge.search q',
      'round.update stepReason',
      'admin.auditEvents action',
      'facility.get code',
    ]) {
      expect(found, expected).toContain(expected);
    }
    expect(leaves.length).toBeGreaterThan(100);
  });

  it.each(leaves.map((leaf) => [`${leaf.name} ${leaf.field}`, leaf] as const))(
    '%s refuses "a\\u0000b" and "a\\u202Eb", naming the character',
    (_, leaf) => {
      for (const [value, named] of [
        ['a\u0000b', 'a control character (U+0000) at position 2'],
        ['a\u202Eb', 'the character U+202E (right-to-left override) at position 2'],
      ] as const) {
        const result = leaf.schema.safeParse(inputWith(leaf.path, value, leaf.chosen));
        const here = (result.error?.issues ?? []).filter((issue) => issue.path.join('.') === leaf.field);
        expect(here.length, `${leaf.name} ${leaf.field} passes ${JSON.stringify(value)}`).toBeGreaterThan(0);
        if (!CLOSED_FORMATS.has(leaf.format ?? '')) {
          expect(here.map((issue) => issue.message)).toContain(`contains ${named}; remove it`);
        }
      }
    },
  );
});

describeEachProvider('control characters through the procedures', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let facilityId: string;
  beforeAll(async () => {
    ({ db } = database());
    analyst = await anActorWithAccount(db, 'analyst');
    facilityId = (await aFacility(db, { departmentId: (await aDepartment(db)).id })).id;
  });
  const caller = () => createCaller(createContext(db, analyst));
  const draft = (title: string) => ({ facilityId, title, source: 'citizen_survey' as const, raisedOn: '2026-03-14' });
  const refusalOf = (promise: Promise<unknown>) =>
    promise.then(
      () => null,
      (error: unknown) => error as TRPCError,
    );

  it('refuses a NUL in a title, says where it is as the form shows it, and writes nothing', async () => {
    const before = await db.localIssue.count();
    const refusal = await refusalOf(caller().localIssue.create(draft('Vans wait \u0000months at the garage')));
    expect(refusal).toBeInstanceOf(TRPCError);
    expect(refusal?.code).toBe('BAD_REQUEST');
    expect(formErrorsOf(refusal, { title: 'Title' })).toEqual({
      summary: ['Title: contains a control character (U+0000) at position 11; remove it'],
      fields: { title: 'contains a control character (U+0000) at position 11; remove it' },
    });
    expect(await db.localIssue.count()).toBe(before);
  });

  it('refuses a right-to-left override in a search, which never reaches the database', async () => {
    const refusal = await refusalOf(caller().localIssue.list({ q: 'exe.\u202Etxt' }));
    expect(formErrorsOf(refusal).summary).toEqual([
      'Q: contains the character U+202E (right-to-left override) at position 5; remove it',
    ]);
  });

  it('words the refusal field by field on pages that show one message', async () => {
    const issue = await caller().localIssue.create(draft('Queues start before dawn'));
    const refusal = await refusalOf(
      caller().localIssue.changeStatus({ id: issue.id, version: issue.version, status: 'closed', note: 'ok\u0000' }),
    );
    expect(messageOf(refusal)).toBe('Note: contains a control character (U+0000) at position 3; remove it');
  });

  it('keeps zero-width joiners, soft hyphens and line breaks exactly', async () => {
    const title = 'Wo\u200Dman sent to Kabo\u00ADkweni';
    const created = await caller().localIssue.create({ ...draft(title), description: 'First line\r\nSecond\tline' });
    const stored = await db.localIssue.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.title).toBe(title);
    expect(stored.description).toBe('First line\r\nSecond\tline');
  });
});
