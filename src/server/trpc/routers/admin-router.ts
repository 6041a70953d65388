import {
  AuditQuerySchema,
  listAuditEvents,
  listOutboxMessages,
  OutboxQuerySchema,
} from '../../services/audit/admin-log-service.ts';
import { procedureFor, router } from '../trpc.ts';

const adminProcedure = procedureFor('admin');

export const adminRouter = router({
  auditEvents: adminProcedure.input(AuditQuerySchema).query(({ ctx, input }) => listAuditEvents(ctx.db, input)),
  outbox: adminProcedure.input(OutboxQuerySchema).query(({ ctx, input }) => listOutboxMessages(ctx.db, input)),
});
