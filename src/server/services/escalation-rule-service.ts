import { z } from 'zod';
import type { Db, Tx } from '../../db/client.ts';
import type { SignedInActor } from '../../domain/access/actor.ts';
import { DEFAULT_ESCALATION_RULE, type EscalationRule } from '../../domain/escalation/escalation-rule.ts';
import { recordAudit } from './audit.ts';
import { bumpClusteringVersion } from './clustering-version.ts';
import { assertReviewsClusters } from './cluster-access.ts';

const RULE_KEY = 'escalation.rule';

export const EscalationRuleSchema = z.object({
  minFacilities: z.int('expected a whole number').min(1, 'at least 1').max(10_000),
  minProvinces: z.int('expected a whole number').min(1, 'at least 1').max(9, 'there are nine provinces'),
  nationalRootCauseSuffices: z.boolean(),
});

/** The rule analysts have set (an app setting, so that every process and the worker agree), or the default. */
export async function escalationRule(db: Db | Tx): Promise<EscalationRule> {
  const setting = await db.appSetting.findUnique({ where: { key: RULE_KEY } });
  if (!setting) return DEFAULT_ESCALATION_RULE;
  const parsed = EscalationRuleSchema.safeParse(JSON.parse(setting.value));
  return parsed.success ? parsed.data : DEFAULT_ESCALATION_RULE;
}

/** Analysts and administrators tune when a cluster is proposed for escalation; the next run applies it. */
export async function setEscalationRule(db: Db, actor: SignedInActor, input: z.input<typeof EscalationRuleSchema>) {
  assertReviewsClusters(actor, 'set the escalation rule');
  const rule = EscalationRuleSchema.parse(input);
  return db.$transaction(async (tx) => {
    const before = await escalationRule(tx);
    await tx.appSetting.upsert({
      where: { key: RULE_KEY },
      create: { key: RULE_KEY, value: JSON.stringify(rule) },
      update: { value: JSON.stringify(rule) },
    });
    await recordAudit(tx, actor, {
      entityType: 'escalation_rule',
      action: 'escalation_rule.changed',
      changes: { from: { ...before }, to: { ...rule } },
    });
    await bumpClusteringVersion(tx);
    return rule;
  });
}
