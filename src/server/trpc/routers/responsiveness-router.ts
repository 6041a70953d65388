import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  recentDepartmentResponsiveness,
  recentResponsivenessOfDepartment,
} from '../../services/cases/responsiveness-service.ts';
import { publicProcedure, router } from '../trpc.ts';

/** How departments answer systemic cases: counts with no case's text, for everyone, signed in or not. */
export const responsivenessRouter = router({
  departments: publicProcedure.query(({ ctx }) => recentDepartmentResponsiveness(ctx.db)),
  department: publicProcedure
    .input(z.object({ code: textField().trim().min(1).max(40) }))
    .query(({ ctx, input }) => recentResponsivenessOfDepartment(ctx.db, input.code)),
});
