import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { decisionRefusal } from '../../../domain/clustering/decisions.ts';
import { textField } from '../../../domain/text/text-schema.ts';
import { recordAudit } from '../audit/audit.ts';
import { refreshThemeFigures } from './cluster-figures.ts';
import { assertReviewsClusters } from './cluster-access.ts';
import { bumpClusteringVersion } from './clustering-version.ts';
import { fieldError, ServiceError } from '../shared/service-error.ts';
import { staleVersionError } from '../shared/versioned-edit.ts';

export const RenameThemeSchema = z.object({
  themeId: textField().min(1),
  version: z.int().min(0),
  label: textField()
    .trim()
    .min(3, 'Enter a name of 3 characters or more')
    .max(120, 'Name must be 120 characters or fewer'),
});

export const MoveProblemToThemeSchema = z.object({
  clusterId: textField().min(1),
  /** The problem's (cluster's) version, as the page showed it. */
  version: z.int().min(0),
  toThemeId: textField().min(1, 'Choose the theme to move the problem to'),
});

const assertAnalyst = (actor: SignedInActor) => assertReviewsClusters(actor, 'decide on themes');

/** Moves the theme's version on, or refuses a decision taken on a stale page. */
async function claimTheme(tx: Tx, themeId: string, version: number, data: { customLabel?: string } = {}) {
  const theme = await tx.theme.findUnique({ where: { id: themeId } });
  if (!theme) throw new ServiceError('not_found', 'There is no such theme; a later run may have dissolved it.');
  const { count } = await tx.theme.updateMany({
    where: { id: themeId, version },
    data: { ...data, version: { increment: 1 } },
  });
  if (count === 0)
    throw await staleVersionError(tx, { entityType: 'theme', entityId: themeId, noun: 'theme' }, version);
  return { ...theme, version: version + 1 };
}

/** The analyst's own name for the theme, which later runs keep (its identity follows its issues). */
export async function renameTheme(db: Db, actor: SignedInActor, input: z.input<typeof RenameThemeSchema>) {
  assertAnalyst(actor);
  const { themeId, version, label } = RenameThemeSchema.parse(input);
  return db.$transaction(async (tx) => {
    const theme = await claimTheme(tx, themeId, version, { customLabel: label });
    const from = theme.customLabel ?? theme.label;
    await tx.themeDecision.create({
      data: { themeId, kind: 'rename', payload: { from, to: label }, actorId: actor.userId },
    });
    await recordAudit(tx, actor, {
      entityType: 'theme',
      entityId: themeId,
      action: 'theme.renamed',
      changes: { version: theme.version, fields: ['name'], from, to: label },
    });
    return { themeId, version: theme.version };
  });
}

/**
 * A problem belongs to another subject: it moves to that theme with all its issues, and later runs leave it
 * there. Both themes' versions move on, so that a page showing either before the move is refused as stale.
 */
export async function moveProblemToTheme(
  db: Db,
  actor: SignedInActor,
  input: z.input<typeof MoveProblemToThemeSchema>,
) {
  assertAnalyst(actor);
  const { clusterId, version, toThemeId } = MoveProblemToThemeSchema.parse(input);
  return db.$transaction(async (tx) => {
    const cluster = await tx.cluster.findUnique({ where: { id: clusterId } });
    if (!cluster) throw new ServiceError('not_found', 'There is no such cluster.');
    const refusal = decisionRefusal('move_to_theme', cluster.status);
    if (refusal) throw new ServiceError('refused', refusal);
    if (cluster.themeId === toThemeId) throw fieldError({ toThemeId: 'The problem is in that theme already' });
    const target = await tx.theme.findUnique({ where: { id: toThemeId }, select: { id: true } });
    if (!target) throw fieldError({ toThemeId: 'Choose a theme from the list' });
    const { count } = await tx.cluster.updateMany({
      where: { id: clusterId, version },
      data: { themeId: toThemeId, themePinned: true, version: { increment: 1 } },
    });
    if (count === 0) {
      throw await staleVersionError(tx, { entityType: 'cluster', entityId: clusterId, noun: 'cluster' }, version);
    }
    await tx.localIssue.updateMany({ where: { clusterId }, data: { themeId: toThemeId } });
    const fromThemeId = cluster.themeId;
    await tx.themeDecision.create({
      data: { themeId: toThemeId, kind: 'move_problem', payload: { clusterId, fromThemeId }, actorId: actor.userId },
    });
    await recordAudit(tx, actor, {
      entityType: 'cluster',
      entityId: clusterId,
      action: 'cluster.moved_to_theme',
      changes: { version: version + 1, from: fromThemeId, to: toThemeId },
    });
    for (const [themeId, action] of [
      [toThemeId, 'theme.problem_moved_in'],
      [fromThemeId, 'theme.problem_moved_out'],
    ] as const) {
      if (!themeId) continue;
      const theme = await tx.theme.update({ where: { id: themeId }, data: { version: { increment: 1 } } });
      await recordAudit(tx, actor, {
        entityType: 'theme',
        entityId: themeId,
        action,
        changes: { version: theme.version, clusterId, from: fromThemeId, to: toThemeId },
      });
      await refreshThemeFigures(tx, themeId);
    }
    await bumpClusteringVersion(tx);
    return { clusterId, version: version + 1 };
  });
}
