import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Db } from '../../../db/client.ts';
import type { Mail } from '../../mail/templates.ts';
import { runLoggedJob } from '../../log/job-log.ts';
import { claimDueMessages, EMAIL, markAttemptFailed, markDelivered } from './outbox.ts';
import { pausePoint } from '../../test-hooks/pause-point.ts';

/** Sends one mail; `outboxId` gives it its stable Message-ID, the same on every attempt. */
export type SendMail = (mail: Mail, outboxId: string) => Promise<void>;

const MailSchema = z.object({ to: z.string(), subject: z.string(), text: z.string() });
/**
 * How long a worker owns a message it took; another worker may take it after that (so a worker killed
 * after claiming leaves the message to the next one). One message is claimed at a time, and the SMTP
 * timeouts below end a send well within the lease, so that a slow send is not taken over and sent twice.
 */
const LEASE_MS = 2 * 60_000;
const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 40_000 };

/** The Message-ID of an outbox message: the same for every attempt, so that a receiver can drop a repeat. */
export function messageIdOf(outboxId: string, from: string): string {
  const domain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? 'cbm-tracker.invalid';
  return `<${outboxId}@${domain}>`;
}

export function smtpSender(smtpUrl: string, from: string): SendMail {
  const transport = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return async (mail, outboxId) => {
    await transport.sendMail({
      from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: messageIdOf(outboxId, from),
    });
  };
}

export interface DeliveryReport {
  delivered: number;
  retrying: number;
  failed: number;
}

/**
 * Sends the mails that are due, at least once each: two workers (two server processes) never send the same
 * one while its lease holds. The one window for a second copy: the SMTP server accepted the mail and the
 * worker died before marking it delivered; the copy has the same Message-ID (docs/CASES.md, "Notifications").
 */
export async function deliverDueMail(
  db: Db,
  send: SendMail,
  now = new Date(),
  batchSize = 20,
): Promise<DeliveryReport> {
  const report: DeliveryReport = { delivered: 0, retrying: 0, failed: 0 };
  for (let taken = 0; taken < batchSize; taken += 1) {
    // One at a time, so that each message's lease starts when its own send does; out of a few due ones, so
    // that losing one to another worker does not end the round early.
    const [message] = await claimDueMessages(db, EMAIL, { now, leaseMs: LEASE_MS, batchSize: 5, most: 1 });
    if (!message) break;
    pausePoint('mail:after-claim');
    try {
      await runLoggedJob({ job: EMAIL, jobId: message.id }, () => send(MailSchema.parse(message.payload), message.id));
      pausePoint('mail:after-send');
      await markDelivered(db, message.id);
      report.delivered += 1;
    } catch (error) {
      const status = await markAttemptFailed(db, message, error, now);
      report[status === 'failed' ? 'failed' : 'retrying'] += 1;
    }
  }
  return report;
}
