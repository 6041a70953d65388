import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import {
  createDepartment,
  DepartmentCreateSchema,
  DepartmentUpdateSchema,
  getDepartment,
  listDepartments,
  updateDepartment,
} from '../../services/capture/department-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, publicProcedure, router } from '../trpc.ts';

const administrator = procedureFor('admin');

export const departmentRouter = router({
  list: publicProcedure.query(({ ctx }) => listDepartments(ctx.db)),
  get: administrator
    .input(z.object({ code: textField().trim().min(1).max(40) }))
    .query(({ ctx, input }) => getDepartment(ctx.db, input.code)),
  create: administrator
    .input(formInputOf(DepartmentCreateSchema))
    .mutation(({ ctx, input }) => createDepartment(ctx.db, ctx.actor, input)),
  update: administrator
    .input(formInputOf(DepartmentUpdateSchema))
    .mutation(({ ctx, input }) => updateDepartment(ctx.db, ctx.actor, input)),
});
