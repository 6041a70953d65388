import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { Prisma } from '../../../db/generated/sqlite/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import type { AuditAction } from '../../../domain/audit/audit-actions.ts';
import { decisionRefusal, type ClusterDecisionKind } from '../../../domain/clustering/decisions.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { refreshClusterFigures } from './cluster-figures.ts';
import { bumpClusteringVersion } from './clustering-version.ts';
import { assertReviewsClusters } from './cluster-access.ts';
import type { FieldProblems } from '../../../lib/forms/field-problems.ts';
import { parseFieldByField, valueOrAllProblems } from '../shared/form-check.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { staleVersionError } from '../shared/versioned-edit.ts';

const Versioned = z.object({ clusterId: textField().min(1), version: z.int().min(0) });
const Note = textField().trim().max(1000).default('');
const IssueIds = z.array(textField().min(1)).min(1, 'Choose the issues to split off').max(1000);

export const ConfirmClusterSchema = Versioned.extend({ note: Note });
export const DismissClusterSchema = Versioned.extend({ note: Note });
export const RenameClusterSchema = Versioned.extend({
  label: textField()
    .trim()
    .min(3, 'Enter a name of 3 characters or more')
    .max(120, 'Name must be 120 characters or fewer'),
});
export const MergeClustersSchema = Versioned.extend({
  intoClusterId: textField().min(1),
  intoVersion: z.int().min(0),
  note: Note,
});
export const SplitClusterSchema = Versioned.extend({
  localIssueIds: IssueIds,
  label: textField().trim().max(120).default(''),
  note: Note,
});
export const MoveIssueSchema = Versioned.extend({
  localIssueId: textField().min(1),
  toClusterId: textField().min(1),
  toVersion: z.int().min(0),
  note: Note,
});

const assertAnalyst = (actor: SignedInActor) => assertReviewsClusters(actor, 'decide on clusters');

const staleCluster = (tx: Tx, clusterId: string, seenVersion: number) =>
  staleVersionError(tx, { entityType: 'cluster', entityId: clusterId, noun: 'cluster' }, seenVersion);

/**
 * Moves the cluster's version on, or refuses a decision taken on a stale page or one its status rules
 * out (src/domain/clustering/decisions.ts); returns the cluster as it was, with its new version.
 */
async function claimCluster(
  tx: Tx,
  { clusterId, version, decision, side = 'from' }: ClusterClaim,
  data: Prisma.ClusterUpdateManyMutationInput = {},
) {
  const cluster = await tx.cluster.findUnique({ where: { id: clusterId } });
  if (!cluster) throw new ServiceError('not_found', 'There is no such cluster.');
  const refusal = decisionRefusal(decision, cluster.status, side);
  if (refusal) throw new ServiceError('refused', refusal);
  const { count } = await tx.cluster.updateMany({
    where: { id: clusterId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0) throw await staleCluster(tx, clusterId, version);
  return { ...cluster, version: version + 1 };
}

interface ClusterClaim {
  clusterId: string;
  version: number;
  decision: ClusterDecisionKind;
  side?: 'from' | 'into';
}

interface DecisionRecord {
  clusterId: string;
  version: number;
  kind: 'confirm' | 'dismiss' | 'merge' | 'split' | 'move_issue';
  payload: Prisma.InputJsonValue;
  note: string;
  action: AuditAction;
  changes?: Record<string, Prisma.InputJsonValue>;
}

/** A decision is kept for later runs (ClusterDecision), audited, and makes every process rebuild its index. */
async function recordDecision(tx: Tx, actor: SignedInActor, decision: DecisionRecord) {
  await tx.clusterDecision.create({
    data: {
      clusterId: decision.clusterId,
      kind: decision.kind,
      payload: decision.payload,
      note: decision.note || null,
      actorId: actor.userId,
    },
  });
  await recordAudit(tx, actor, {
    entityType: 'cluster',
    entityId: decision.clusterId,
    action: decision.action,
    changes: { version: decision.version, note: decision.note, ...decision.changes },
  });
  await bumpClusteringVersion(tx);
}

const memberIds = async (tx: Tx, clusterId: string) =>
  (await tx.localIssue.findMany({ where: { clusterId }, select: { id: true } })).map((issue) => issue.id);

/** The analyst agrees the members are one problem: they are pinned, and later runs keep them together. */
export async function confirmCluster(db: Db, actor: SignedInActor, input: z.input<typeof ConfirmClusterSchema>) {
  assertAnalyst(actor);
  const { clusterId, version, note } = ConfirmClusterSchema.parse(input);
  return db.$transaction(async (tx) => {
    const cluster = await claimCluster(tx, { clusterId, version, decision: 'confirm' }, { status: 'confirmed' });
    const members = await memberIds(tx, clusterId);
    await tx.localIssue.updateMany({ where: { clusterId, clusterPinned: false }, data: { clusterPinned: true } });
    // A cluster dismissed before may be a candidate again.
    await refreshClusterFigures(tx, clusterId);
    await recordDecision(tx, actor, {
      clusterId,
      version: cluster.version,
      kind: 'confirm',
      payload: { localIssueIds: members },
      note,
      action: 'cluster.confirmed',
      changes: { from: cluster.status, to: 'confirmed', members: members.length },
    });
    return { clusterId, version: cluster.version };
  });
}

/**
 * Not one problem, or not worth escalating: the cluster is dismissed and the grouping remembered; a later
 * run that finds mostly the same members gives them this cluster's id, so it stays dismissed.
 */
export async function dismissCluster(db: Db, actor: SignedInActor, input: z.input<typeof DismissClusterSchema>) {
  assertAnalyst(actor);
  const { clusterId, version, note } = DismissClusterSchema.parse(input);
  if (note === '') throw fieldError({ note: 'Enter why you dismiss the cluster, so that the next analyst knows' });
  return db.$transaction(async (tx) => {
    const cluster = await claimCluster(
      tx,
      { clusterId, version, decision: 'dismiss' },
      // A dismissed cluster is never a systemic candidate.
      { status: 'dismissed', isSystemicCandidate: false },
    );
    const members = await memberIds(tx, clusterId);
    await recordDecision(tx, actor, {
      clusterId,
      version: cluster.version,
      kind: 'dismiss',
      payload: { localIssueIds: members },
      note,
      action: 'cluster.dismissed',
      changes: { from: cluster.status, to: 'dismissed' },
    });
    return { clusterId, version: cluster.version };
  });
}

/** The analyst's own name for the cluster, which later runs keep. */
export async function renameCluster(db: Db, actor: SignedInActor, input: z.input<typeof RenameClusterSchema>) {
  assertAnalyst(actor);
  const { clusterId, version, label } = RenameClusterSchema.parse(input);
  return db.$transaction(async (tx) => {
    const cluster = await claimCluster(tx, { clusterId, version, decision: 'rename' }, { customLabel: label });
    await recordAudit(tx, actor, {
      entityType: 'cluster',
      entityId: clusterId,
      action: 'cluster.renamed',
      changes: { version: cluster.version, fields: ['name'], from: cluster.customLabel ?? cluster.label, to: label },
    });
    return { clusterId, version: cluster.version };
  });
}

/** Two clusters are one problem: the members of one move into the other, pinned; the first points on. */
export async function mergeClusters(db: Db, actor: SignedInActor, input: z.input<typeof MergeClustersSchema>) {
  assertAnalyst(actor);
  const parsed = parseFieldByField(MergeClustersSchema, input);
  const same = parsed.fields.clusterId !== undefined && parsed.fields.clusterId === parsed.fields.intoClusterId;
  const { clusterId, version, intoClusterId, intoVersion, note } = valueOrAllProblems(
    parsed,
    same ? { intoClusterId: 'Choose another cluster to merge into' } : {},
  );
  return db.$transaction(async (tx) => {
    const source = await claimCluster(
      tx,
      { clusterId, version, decision: 'merge' },
      { status: 'merged', mergedIntoId: intoClusterId },
    );
    const target = await claimCluster(tx, {
      clusterId: intoClusterId,
      version: intoVersion,
      decision: 'merge',
      side: 'into',
    });
    if (target.status === 'suggested' || target.status === 'dismissed') {
      await tx.cluster.update({ where: { id: intoClusterId }, data: { status: 'confirmed' } });
    }
    const moved = await memberIds(tx, clusterId);
    await tx.localIssue.updateMany({ where: { clusterId }, data: { clusterId: intoClusterId, clusterPinned: true } });
    // The target's own members; the ones just moved are pinned already (rewriting thousands of rows twice).
    await tx.localIssue.updateMany({
      where: { clusterId: intoClusterId, clusterPinned: false },
      data: { clusterPinned: true },
    });
    await tx.cluster.update({
      where: { id: clusterId },
      data: { issueCount: 0, facilityCount: 0, provinceCount: 0, peopleAffected: 0 },
    });
    await refreshClusterFigures(tx, intoClusterId);
    await recordDecision(tx, actor, {
      clusterId,
      version: source.version,
      kind: 'merge',
      payload: { intoClusterId, localIssueIds: moved },
      note,
      action: 'cluster.merged',
      changes: { into: intoClusterId, moved: moved.length },
    });
    await recordAudit(tx, actor, {
      entityType: 'cluster',
      entityId: intoClusterId,
      action: 'cluster.merged_in',
      changes: { version: target.version, from: clusterId, moved: moved.length },
    });
    return { clusterId: intoClusterId, version: target.version };
  });
}

/** Some members are another problem: they leave for a new cluster of their own, pinned there. */
export async function splitCluster(db: Db, actor: SignedInActor, input: z.input<typeof SplitClusterSchema>) {
  assertAnalyst(actor);
  const { clusterId, version } = Versioned.parse(input);
  return db.$transaction(async (tx) => {
    const cluster = await claimCluster(tx, { clusterId, version, decision: 'split' });
    // Every problem at once: the schema's, and the chosen issues against the cluster's members.
    const parsed = parseFieldByField(SplitClusterSchema, input);
    const members = new Set(await memberIds(tx, clusterId));
    const chosen = parsed.fields.localIssueIds ?? [];
    const problems: FieldProblems = {};
    if (chosen.some((id) => !members.has(id))) problems.localIssueIds = 'Choose issues of this cluster only';
    else if (chosen.length === members.size) problems.localIssueIds = 'leave at least one issue behind';
    const { localIssueIds, label, note } = valueOrAllProblems(parsed, problems);
    const first = await tx.localIssue.findUniqueOrThrow({ where: { id: localIssueIds[0]! }, select: { title: true } });
    const split = await tx.cluster.create({
      // In the theme it came from until an analyst moves it.
      data: {
        label: first.title.slice(0, 120),
        customLabel: label || null,
        status: 'confirmed',
        themeId: cluster.themeId,
      },
    });
    await tx.localIssue.updateMany({
      where: { id: { in: localIssueIds } },
      data: { clusterId: split.id, clusterPinned: true },
    });
    await refreshClusterFigures(tx, clusterId);
    await refreshClusterFigures(tx, split.id);
    await recordDecision(tx, actor, {
      clusterId,
      version: cluster.version,
      kind: 'split',
      payload: { newClusterId: split.id, localIssueIds },
      note,
      action: 'cluster.split',
      changes: { newClusterId: split.id, moved: localIssueIds.length },
    });
    return { clusterId, version: cluster.version, newClusterId: split.id };
  });
}

/** One issue belongs elsewhere: it moves to the other cluster and is pinned there. */
export async function moveIssue(db: Db, actor: SignedInActor, input: z.input<typeof MoveIssueSchema>) {
  assertAnalyst(actor);
  const { clusterId, version } = Versioned.parse(input);
  return db.$transaction(async (tx) => {
    // Every problem at once: the schema's, another cluster to go to, and an issue of this one.
    const parsed = parseFieldByField(MoveIssueSchema, input);
    const problems: FieldProblems = {};
    if (parsed.fields.toClusterId === clusterId) problems.toClusterId = 'Choose another cluster to move the issue to';
    const chosenId = parsed.fields.localIssueId;
    if (chosenId !== undefined && (await tx.localIssue.count({ where: { id: chosenId, clusterId } })) === 0) {
      problems.localIssueId = 'that issue is not in this cluster';
    }
    const { localIssueId, toClusterId, toVersion, note } = valueOrAllProblems(parsed, problems);
    const cluster = await claimCluster(tx, { clusterId, version, decision: 'move_issue' });
    const target = await claimCluster(tx, {
      clusterId: toClusterId,
      version: toVersion,
      decision: 'move_issue',
      side: 'into',
    });
    const { count } = await tx.localIssue.updateMany({
      where: { id: localIssueId, clusterId },
      data: { clusterId: toClusterId, clusterPinned: true },
    });
    if (count === 0) throw fieldError({ localIssueId: 'Choose an issue of this cluster' });
    await refreshClusterFigures(tx, clusterId);
    await refreshClusterFigures(tx, toClusterId);
    await recordDecision(tx, actor, {
      clusterId,
      version: cluster.version,
      kind: 'move_issue',
      payload: { localIssueId, toClusterId },
      note,
      action: 'cluster.issue_moved',
      changes: { localIssueId, to: toClusterId },
    });
    await recordAudit(tx, actor, {
      entityType: 'cluster',
      entityId: toClusterId,
      action: 'cluster.issue_moved_in',
      changes: { version: target.version, localIssueId, from: clusterId },
    });
    return { clusterId, version: cluster.version };
  });
}
