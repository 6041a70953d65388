import { listDepartments } from '../../services/department-service.ts';
import { publicProcedure, router } from '../trpc.ts';

export const departmentRouter = router({
  list: publicProcedure.query(({ ctx }) => listDepartments(ctx.db)),
});
