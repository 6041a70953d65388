import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Mail } from '../../mail/templates.ts';
import { claimDueMessages, EMAIL, markAttemptFailed, markDelivered } from './outbox.ts';

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

/** Sends the mails that are due; two workers (two server processes) never send the same one. */
export async function deliverDueMail(
  db: Db,
  send: SendMail,
  now = new Date(),
  batchSize = 20,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  for (const message of await claimDueMessages(db, EMAIL, { now, leaseMs: LEASE_MS, batchSize })) {
    try {
      await send(MailSchema.parse(message.payload));
      await markDelivered(db, message.id);
      report.delivered += 1;
    } catch (error) {
      const status = await markAttemptFailed(db, message, error, now);
      report[status === 'failed' ? 'failed' : 'retrying'] += 1;
    }
  }
  return report;
}
