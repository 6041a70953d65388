import { beforeAll, expect, it } from 'vitest';
import type { Db } from '../../../../src/db/client.ts';
import type { SignedInActor } from '../../../../src/domain/accounts/actor.ts';
import { auditDetailLine, auditDetails } from '../../../../src/domain/audit/audit-actions.ts';
import { loadTagTerms } from '../../../../src/server/services/taxonomy/tag-terms.ts';
import {
  addTag,
  addTagSynonym,
  getTag,
  listTaxonomy,
  mergeTags,
  moveTag,
  previewMerge,
  removeTagSynonym,
  renameTag,
  setTagRouting,
} from '../../../../src/server/services/taxonomy/taxonomy-service.ts';
import { aUser } from '../../../fixtures/actors.ts';
import { aDepartment, aFacility, aLocalIssue, aTag } from '../../../fixtures/builders.ts';
import { aUserWithPassword } from '../../../support/auth.ts';
import { refusalOf } from '../../../support/refusal.ts';
import { describeEachProvider } from '../../../support/test-database.ts';

describeEachProvider('keeping the taxonomy', (database) => {
  let db: Db;
  let analyst: SignedInActor;
  let otherAnalyst: SignedInActor;
  let facility: { id: string };
  const description = 'What the tag covers, in a sentence.';
  const tagRow = (id: string) =>
    db.tag.findUniqueOrThrow({ where: { id }, include: { aliases: true, synonyms: { orderBy: { term: 'asc' } } } });
  const tagsOfIssue = async (localIssueId: string) =>
    (await db.localIssueTag.findMany({ where: { localIssueId } })).map((link) => link.tagId).sort();

  beforeAll(async () => {
    ({ db } = database());
    const analystUser = await aUserWithPassword(db, 'analyst');
    analyst = aUser('analyst', { userId: analystUser.id, name: 'Thandi Analyst' });
    const otherUser = await aUserWithPassword(db, 'analyst');
    otherAnalyst = aUser('analyst', { userId: otherUser.id, name: 'Pieter Analyst' });
    facility = await aFacility(db);
  });

  it('adds a tag with a slug made from its name, its synonyms normalised, and an audit event', async () => {
    const parent = await aTag(db);
    const added = await addTag(db, analyst, {
      name: '  Clinic   opening hours ',
      description,
      parentId: parent.id,
      synonyms: [' Closed  at Lunch', 'closed at lunch', 'clinic opening hours'],
    });
    expect(added).toMatchObject({ slug: 'clinic-opening-hours', version: 0 });
    const row = await tagRow(added.id);
    expect(row).toMatchObject({ name: 'Clinic opening hours', parentId: parent.id });
    // Repeats and the tag's own name add nothing.
    expect(row.synonyms.map((synonym) => synonym.term)).toEqual(['closed at lunch']);
    const event = await db.auditEvent.findFirst({ where: { entityType: 'tag', entityId: added.id } });
    expect(event).toMatchObject({ action: 'tag.created', actorId: analyst.userId });
  });

  it('numbers the suggested slug when the name’s own slug is taken', async () => {
    await aTag(db, { slug: 'waiting-times', name: 'Waiting times at the counter' });
    const added = await addTag(db, analyst, { name: 'Waiting times', description });
    expect(added.slug).toBe('waiting-times-2');
  });

  it('refuses a tag whose name, slug or synonym another tag answers to, naming each field', async () => {
    const holder = await aTag(db, { name: 'Queues' });
    await db.tagSynonym.create({ data: { tagId: holder.id, term: 'long lines' } });
    const before = await db.tag.count();
    const refusal = await refusalOf(
      addTag(db, analyst, {
        name: 'queues',
        slug: holder.slug,
        description: 'short',
        synonyms: ['Long Lines'],
      }),
    );
    expect(refusal.details).toEqual({
      fields: {
        name: `"queues" is already the name of Queues (${holder.slug})`,
        slug: expect.stringMatching(new RegExp(`"${holder.slug}" is the slug of Queues`)),
        description: expect.stringMatching(/10 to 400 characters/),
        synonyms: `"long lines" is already a synonym of Queues (${holder.slug})`,
      },
    });
    expect(await db.tag.count()).toBe(before);
  });

  it('renames a tag and keeps the old slug as a former slug that still leads to it', async () => {
    const tag = await aTag(db, { slug: 'van-repairs', name: 'Van repairs' });
    const renamed = await renameTag(db, analyst, {
      id: tag.id,
      version: 0,
      name: 'Vehicle repairs',
      slug: 'vehicle-repairs',
      description,
    });
    expect(renamed).toEqual({
      id: tag.id,
      slug: 'vehicle-repairs',
      version: 1,
      changed: ['name', 'slug', 'description'],
    });
    expect((await tagRow(tag.id)).aliases.map((alias) => alias.slug)).toEqual(['van-repairs']);
    const { tagIdByTerm } = await loadTagTerms(db);
    expect(tagIdByTerm.get('van-repairs')).toBe(tag.id);
    expect(await getTag(db, analyst, { slug: 'van-repairs' })).toEqual({ kind: 'elsewhere', slug: 'vehicle-repairs' });

    // Taking the old slug back leaves no alias of it behind, and keeps the newer one.
    await renameTag(db, analyst, { id: tag.id, version: 1, name: 'Vehicle repairs', slug: 'van-repairs', description });
    expect((await tagRow(tag.id)).aliases.map((alias) => alias.slug)).toEqual(['vehicle-repairs']);
  });

  it('refuses a rename made on a stale copy, saying who changed what, and keeps the newer name', async () => {
    const tag = await aTag(db, { name: 'Grant queues' });
    await renameTag(db, otherAnalyst, {
      id: tag.id,
      version: 0,
      name: 'Pay-point queues',
      slug: tag.slug,
      description,
    });
    const stale = await refusalOf(
      renameTag(db, analyst, { id: tag.id, version: 0, name: 'Grant office queues', slug: tag.slug, description }),
    );
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(
      /Pieter Analyst \(DPME CBM analyst\) changed the name, description \(Name: Grant queues → Pay-point queues;/,
    );
    expect((await tagRow(tag.id)).name).toBe('Pay-point queues');
  });

  it('moves a tag to another branch and to the top level, and refuses a move under its own child', async () => {
    const branch = await aTag(db);
    const tag = await aTag(db);
    const child = await aTag(db, { parentId: tag.id });
    await moveTag(db, analyst, { id: tag.id, version: 0, parentId: branch.id });
    expect((await tagRow(tag.id)).parentId).toBe(branch.id);
    const loop = await refusalOf(moveTag(db, analyst, { id: tag.id, version: 1, parentId: child.id }));
    expect(loop.details).toEqual({ fields: { parentId: expect.stringMatching(/is below .*cannot move under it/) } });
    expect((await tagRow(tag.id)).parentId).toBe(branch.id);
    await moveTag(db, analyst, { id: tag.id, version: 1, parentId: null });
    expect(await tagRow(tag.id)).toMatchObject({ parentId: null, version: 2 });
    const found = await getTag(db, analyst, { slug: child.slug });
    expect(found).toMatchObject({ kind: 'tag', tag: { path: `${tag.slug}/${child.slug}` } });
  });

  it('adds and removes synonyms, and refuses one that another tag answers to', async () => {
    const tag = await aTag(db);
    const other = await aTag(db, { name: 'Broken taps' });
    await addTagSynonym(db, analyst, { id: tag.id, version: 0, term: '  No  Water ' });
    expect((await tagRow(tag.id)).synonyms.map((synonym) => synonym.term)).toEqual(['no water']);
    const taken = await refusalOf(addTagSynonym(db, analyst, { id: tag.id, version: 1, term: 'broken taps' }));
    expect(taken.details).toEqual({
      fields: { term: `"broken taps" is already the name of Broken taps (${other.slug})` },
    });
    await removeTagSynonym(db, analyst, { id: tag.id, version: 1, term: 'NO WATER' });
    expect(await tagRow(tag.id)).toMatchObject({ synonyms: [], version: 2 });
  });

  it('sets and clears the routing hint, and refuses a department that does not exist', async () => {
    const tag = await aTag(db);
    const department = await aDepartment(db);
    await setTagRouting(db, analyst, { id: tag.id, version: 0, routingDepartmentId: department.id });
    expect((await tagRow(tag.id)).routingDepartmentId).toBe(department.id);
    const unknown = await refusalOf(
      setTagRouting(db, analyst, { id: tag.id, version: 1, routingDepartmentId: 'nope' }),
    );
    expect(unknown.details).toEqual({ fields: { routingDepartmentId: 'there is no such department' } });
    await setTagRouting(db, analyst, { id: tag.id, version: 1, routingDepartmentId: null });
    expect(await tagRow(tag.id)).toMatchObject({ routingDepartmentId: null, version: 2 });
    const history = await getTag(db, analyst, { slug: tag.slug });
    if (history.kind !== 'tag') throw new Error('expected the tag');
    const lines = history.history.events.map((entry) =>
      auditDetails(entry.action, entry.changes, (key) => history.history.records[key]).map(auditDetailLine),
    );
    expect(lines).toEqual([[`Routing hint: ${department.name} → none`], [`Routing hint: none → ${department.name}`]]);
  });

  it('refuses every change to a facilitator and an official, and writes nothing', async () => {
    const tag = await aTag(db);
    for (const actor of [aUser('facilitator'), aUser('official')]) {
      const refusal = await refusalOf(addTagSynonym(db, actor, { id: tag.id, version: 0, term: 'not allowed' }));
      expect(refusal.code).toBe('forbidden');
    }
    expect(await tagRow(tag.id)).toMatchObject({ synonyms: [], version: 0 });
  });

  it('of two tags given the same synonym at once, exactly one gets it', async () => {
    const [first, second] = [await aTag(db), await aTag(db)];
    const outcomes = await Promise.allSettled([
      addTagSynonym(db, analyst, { id: first.id, version: 0, term: 'dark at night' }),
      addTagSynonym(db, otherAnalyst, { id: second.id, version: 0, term: 'dark at night' }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.tagSynonym.count({ where: { term: 'dark at night' } })).toBe(1);
  });

  it('counts the issues of a tag itself, and with the tags below it each issue once', async () => {
    const parent = await aTag(db);
    const child = await aTag(db, { parentId: parent.id });
    const both = await aLocalIssue(db, facility);
    const childOnly = await aLocalIssue(db, facility);
    const archived = await aLocalIssue(db, facility, { archived: true });
    await db.localIssueTag.createMany({
      data: [
        { localIssueId: both.id, tagId: parent.id },
        { localIssueId: both.id, tagId: child.id },
        { localIssueId: childOnly.id, tagId: child.id },
        { localIssueId: archived.id, tagId: parent.id },
      ],
    });
    // Two levels down: an issue tagged with the parent and the grandchild counts once for the parent.
    const grandchild = await aTag(db, { parentId: child.id });
    const deep = await aLocalIssue(db, facility);
    await db.localIssueTag.createMany({
      data: [
        { localIssueId: deep.id, tagId: grandchild.id },
        { localIssueId: deep.id, tagId: parent.id },
      ],
    });
    const { items } = await listTaxonomy(db, analyst, { q: parent.slug });
    expect(items.find((row) => row.id === parent.id)).toMatchObject({ issues: 2, issuesWithDescendants: 3 });
    expect(items.find((row) => row.id === child.id)).toMatchObject({ issues: 2, issuesWithDescendants: 3, depth: 1 });
    expect(items.find((row) => row.id === grandchild.id)).toMatchObject({ issues: 1, issuesWithDescendants: 1 });
    // A tag's page counts the same, for that tag alone.
    for (const [tag, issues, issuesWithDescendants] of [
      [parent, 2, 3],
      [child, 2, 3],
      [grandchild, 1, 1],
    ] as const) {
      const found = await getTag(db, analyst, { slug: tag.slug });
      expect(found.kind === 'tag' && [found.tag.issues, found.tag.issuesWithDescendants]).toEqual([
        issues,
        issuesWithDescendants,
      ]);
    }
  });

  it('lists the tags without counting their issues for a picker, which needs their names alone', async () => {
    const { items } = await listTaxonomy(db, analyst, { counts: false });
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((row) => row.issues === null && row.issuesWithDescendants === null)).toBe(true);
  });

  it('merges a tag into another in one go: issues re-tagged once, words and children kept, the source pointing on', async () => {
    const target = await aTag(db, { name: 'Stock-outs of medicine' });
    const source = await aTag(db, { name: 'Out of tablets' });
    await db.tagAlias.create({ data: { tagId: source.id, slug: `${source.slug}-old` } });
    await db.tagSynonym.createMany({
      data: [
        { tagId: source.id, term: 'no pills' },
        { tagId: target.id, term: 'empty shelves' },
      ],
    });
    const child = await aTag(db, { parentId: source.id });
    const sourceOnly = await aLocalIssue(db, facility);
    const withBoth = await aLocalIssue(db, facility);
    const archived = await aLocalIssue(db, facility, { archived: true });
    await db.localIssueTag.createMany({
      data: [
        { localIssueId: sourceOnly.id, tagId: source.id },
        { localIssueId: withBoth.id, tagId: source.id },
        { localIssueId: withBoth.id, tagId: target.id },
        { localIssueId: archived.id, tagId: source.id },
      ],
    });

    const preview = await previewMerge(db, analyst, { sourceId: source.id, targetId: target.id });
    expect(preview).toMatchObject({
      issues: { reTagged: 3, alreadyTagged: 1, archived: 1 },
      children: [{ slug: child.slug }],
      plan: { aliasesToAdd: [source.slug, `${source.slug}-old`], synonymsToAdd: ['no pills', 'out of tablets'] },
    });

    const merged = await mergeTags(db, analyst, {
      sourceId: source.id,
      sourceVersion: 0,
      targetId: target.id,
      targetVersion: 0,
    });
    expect(merged).toMatchObject({ slug: target.slug, reTagged: 3, alreadyTagged: 1, childrenMoved: [child.slug] });
    for (const issue of [sourceOnly, withBoth, archived]) expect(await tagsOfIssue(issue.id)).toEqual([target.id]);
    // A copy of an issue opened before the merge is now stale, and the trail says why.
    const retagged = await db.localIssue.findMany({ where: { id: { in: [sourceOnly.id, withBoth.id, archived.id] } } });
    expect(retagged.map((issue) => issue.version)).toEqual([1, 1, 1]);
    expect(
      await db.auditEvent.count({
        where: { action: 'local_issue.retagged', entityId: { in: retagged.map((i) => i.id) } },
      }),
    ).toBe(3);
    // Written in one batched INSERT: the events read back as Prisma wrote them before.
    const [retaggedEvent] = await db.auditEvent.findMany({
      where: { action: 'local_issue.retagged', entityId: sourceOnly.id },
    });
    expect(retaggedEvent).toMatchObject({
      actorId: analyst.userId,
      entityType: 'local_issue',
      changes: { version: 1, from: source.slug, to: target.slug },
    });
    expect(retaggedEvent!.createdAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await db.localIssueTag.count({ where: { tagId: source.id } })).toBe(0);

    const sourceRow = await tagRow(source.id);
    expect(sourceRow).toMatchObject({ mergedIntoId: target.id, slug: source.slug, version: 1, synonyms: [] });
    const targetRow = await tagRow(target.id);
    expect(targetRow.version).toBe(1);
    expect(targetRow.aliases.map((alias) => alias.slug).sort()).toEqual([source.slug, `${source.slug}-old`]);
    expect(targetRow.synonyms.map((synonym) => synonym.term)).toEqual(['empty shelves', 'no pills', 'out of tablets']);
    expect(await tagRow(child.id)).toMatchObject({ parentId: target.id, version: 1 });

    const { tagIdByTerm } = await loadTagTerms(db);
    for (const word of [source.slug, `${source.slug}-old`, 'no pills', 'out of tablets']) {
      expect(tagIdByTerm.get(word), word).toBe(target.id);
    }
    const event = await db.auditEvent.findFirst({ where: { entityId: source.id, action: 'tag.merged' } });
    expect(event?.changes).toMatchObject({ reTagged: 3, alreadyTagged: 1, into: { slug: target.slug } });
    expect(await getTag(db, analyst, { slug: source.slug })).toEqual({ kind: 'elsewhere', slug: target.slug });
    const takeBack = await refusalOf(
      renameTag(db, analyst, { id: target.id, version: 1, name: target.name, slug: source.slug, description }),
    );
    expect(takeBack.details).toEqual({ fields: { slug: expect.stringMatching(/which was merged into another tag/) } });
    const placement = await db.outboxMessage.findFirst({
      where: { kind: 'cluster.place' },
      orderBy: { createdAt: 'desc' },
    });
    expect((placement?.payload as { localIssueIds: string[] }).localIssueIds.sort()).toEqual(
      [sourceOnly.id, withBoth.id, archived.id].sort(),
    );
  });

  it('refuses a merge made on a stale copy of the target, saying who changed it, and writes nothing', async () => {
    const target = await aTag(db);
    const source = await aTag(db);
    const issue = await aLocalIssue(db, facility);
    await db.localIssueTag.create({ data: { localIssueId: issue.id, tagId: source.id } });
    await addTagSynonym(db, otherAnalyst, { id: target.id, version: 0, term: 'a newer word' });
    const stale = await refusalOf(
      mergeTags(db, analyst, { sourceId: source.id, sourceVersion: 0, targetId: target.id, targetVersion: 0 }),
    );
    expect(stale.code).toBe('stale_version');
    expect(stale.message).toMatch(
      /Pieter Analyst \(DPME CBM analyst\) added a synonym to the tag \(Synonym: a newer word\)/,
    );
    expect(await tagsOfIssue(issue.id)).toEqual([source.id]);
    expect(await tagRow(source.id)).toMatchObject({ mergedIntoId: null, version: 0 });
  });

  it('refuses a merge into a tag below the source, and a merge of a merged tag', async () => {
    const source = await aTag(db);
    const below = await aTag(db, { parentId: source.id });
    const into = await refusalOf(
      mergeTags(db, analyst, { sourceId: source.id, sourceVersion: 0, targetId: below.id, targetVersion: 0 }),
    );
    expect(into).toMatchObject({ code: 'refused', message: expect.stringMatching(/is below/) });
    const other = await aTag(db);
    await mergeTags(db, analyst, { sourceId: below.id, sourceVersion: 0, targetId: other.id, targetVersion: 0 });
    const again = await refusalOf(
      mergeTags(db, analyst, { sourceId: below.id, sourceVersion: 1, targetId: source.id, targetVersion: 0 }),
    );
    expect(again).toMatchObject({ code: 'refused', message: expect.stringMatching(/was merged into/) });
  });
});
