import { z } from 'zod';
import type { Db, Tx } from '../../../db/client.ts';
import type { SignedInActor } from '../../../domain/accounts/actor.ts';
import { DEFAULT_ESCALATION_RULE, type EscalationRule } from '../../../domain/clustering/escalation-rule.ts';
import { historyOf } from '../audit/audit-history.ts';
import { recordAudit } from '../audit/audit.ts';
import { assertReviewsClusters } from './cluster-access.ts';
import { bumpClusteringVersion } from './clustering-version.ts';
import { changedFieldNames, editNote, staleVersionError } from '../shared/versioned-edit.ts';

const RULE_KEY = 'escalation.rule';

const RuleFields = z.object({
  minFacilities: z
    .int('Enter the number of facilities as a whole number, for example 3')
    .min(1, 'Number of facilities must be 1 or more')
    .max(10_000, 'Number of facilities must be 10,000 or fewer'),
  minProvinces: z
    .int('Enter the number of provinces as a whole number, for example 2')
    .min(1, 'Number of provinces must be 1 or more')
    .max(9, 'Number of provinces must be 9 or fewer: there are nine provinces'),
  nationalRootCauseSuffices: z.boolean(),
  /** A rule saved before this was asked keeps its meaning: one issue's national-level root cause sufficed. */
  nationalRootCauseMinFacilities: z
    .int('Enter the number of facilities giving a national root cause as a whole number, for example 2')
    .min(1, 'Number of facilities giving a national root cause must be 1 or more')
    .max(10_000, 'Number of facilities giving a national root cause must be 10,000 or fewer')
    .default(1),
});

/** The rule with the version an edit must name (as stored, too). */
export const EscalationRuleSchema = RuleFields.extend({ version: z.int().min(0) });

export const ESCALATION_RULE_FIELD_LABELS: Record<keyof EscalationRule, string> = {
  minFacilities: 'at least this many facilities',
  minProvinces: 'in at least this many provinces',
  nationalRootCauseSuffices: 'a national-level root cause suffices',
  nationalRootCauseMinFacilities: 'given by issues at at least this many facilities',
};

/** The rule analysts have set (an app setting, so that every process and the worker agree), or the default. */
export async function escalationRuleSetting(db: Db | Tx): Promise<EscalationRule & { version: number }> {
  const setting = await db.appSetting.findUnique({ where: { key: RULE_KEY } });
  const parsed = setting ? EscalationRuleSchema.safeParse(JSON.parse(setting.value)) : null;
  return parsed?.success ? parsed.data : { ...DEFAULT_ESCALATION_RULE, version: 0 };
}

/** The rule for its page: the setting and its latest changes, newest first. */
export async function escalationRuleWithHistory(db: Db) {
  const [setting, history] = await Promise.all([
    escalationRuleSetting(db),
    historyOf(db, { entityType: 'escalation_rule', entityId: RULE_KEY }, 10),
  ]);
  return { ...setting, history };
}

export async function escalationRule(db: Db | Tx): Promise<EscalationRule> {
  const { version: _version, ...rule } = await escalationRuleSetting(db);
  return rule;
}

/**
 * Analysts and administrators tune when a cluster is proposed for escalation; clusters' candidate marks
 * follow from the next run or placement. Refused when someone changed the rule after `version` was read.
 */
export async function setEscalationRule(db: Db, actor: SignedInActor, input: z.input<typeof EscalationRuleSchema>) {
  assertReviewsClusters(actor, 'set the escalation rule');
  const { version: seenVersion, ...rule } = EscalationRuleSchema.parse(input);
  return db.$transaction(async (tx) => {
    const { version, ...before } = await escalationRuleSetting(tx);
    if (version !== seenVersion) {
      throw await staleVersionError(
        tx,
        { entityType: 'escalation_rule', entityId: RULE_KEY, noun: 'rule' },
        seenVersion,
      );
    }
    const changed = changedFieldNames(before, rule, ESCALATION_RULE_FIELD_LABELS);
    if (changed.length === 0) return { ...rule, version };
    const stored = JSON.stringify({ ...rule, version: version + 1 });
    await tx.appSetting.upsert({
      where: { key: RULE_KEY },
      create: { key: RULE_KEY, value: stored },
      update: { value: stored },
    });
    await recordAudit(tx, actor, {
      entityType: 'escalation_rule',
      entityId: RULE_KEY,
      action: 'escalation_rule.changed',
      changes: editNote(version + 1, changed, ESCALATION_RULE_FIELD_LABELS, before, rule),
    });
    await bumpClusteringVersion(tx);
    return { ...rule, version: version + 1 };
  });
}
