import type { Db, Tx } from '../../db/client.ts';
import type { Mail } from '../mail/templates.ts';

export const EMAIL = 'email';

/** Writes a mail to the outbox in the caller's transaction; the outbox worker sends it after commit. */
export async function queueMail(tx: Tx | Db, mail: Mail): Promise<void> {
  await tx.outboxMessage.create({ data: { kind: EMAIL, payload: { ...mail } } });
}
