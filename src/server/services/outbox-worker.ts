import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { afterFailedDelivery } from '../../domain/outbox/retry.ts';
import type { Mail } from '../mail/templates.ts';
import { EMAIL } from './outbox.ts';

export type SendMail = (mail: Mail) => Promise<void>;

const MailSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() });
/** How long a worker owns a message it took; another worker may retry it after that. */
const LEASE_MS = 2 * 60_000;

export function smtpSender(smtpUrl: string, from: string): SendMail {
  const transport = nodemailer.createTransport(smtpUrl);
  return async (mail) => {
    await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
  };
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the mails that are due. Each message is first claimed by moving its next attempt past the
 * lease, in a conditional update, so that two workers (two server processes) never both send it.
 */
export async function deliverDueMail(
  db: Db,
  send: SendMail,
  now = new Date(),
  batchSize = 20,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  const due = await db.outboxMessage.findMany({
    where: { kind: EMAIL, status: 'pending', nextAttemptAt: { lte: now } },
    orderBy: { nextAttemptAt: 'asc' },
    take: batchSize,
  });
  for (const message of due) {
    const claimed = await db.outboxMessage.updateMany({
      where: { id: message.id, status: 'pending', nextAttemptAt: message.nextAttemptAt },
      data: { nextAttemptAt: new Date(now.getTime() + LEASE_MS) },
    });
    if (claimed.count === 0) continue;
    try {
      await send(MailSchema.parse(message.payload));
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { status: 'delivered', deliveredAt: new Date(), attempts: { increment: 1 }, lastError: null },
      });
      report.delivered += 1;
    } catch (error) {
      const outcome = afterFailedDelivery(message.attempts, now);
      await db.outboxMessage.update({
        where: { id: message.id },
        data: {
          status: outcome.status,
          attempts: { increment: 1 },
          lastError: (error as Error).message.slice(0, 1000),
          ...(outcome.status === 'pending' ? { nextAttemptAt: outcome.nextAttemptAt } : {}),
        },
      });
      report[outcome.status === 'failed' ? 'failed' : 'retrying'] += 1;
    }
  }
  return report;
}

/** Polls the outbox until stopped; one delivery round at a time. */
export function startMailWorker(db: Db, send: SendMail, intervalMs = 5_000): { stop: () => void } {
  let isRunning = false;
  const tick = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      await deliverDueMail(db, send);
    } catch (error) {
      console.error('The mail worker could not read the outbox:', error);
    } finally {
      isRunning = false;
    }
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
