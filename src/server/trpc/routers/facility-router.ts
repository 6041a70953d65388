import {
  FacilityListQuerySchema,
  listFacilities,
  listFacilityDepartments,
  listFacilityOptions,
} from '../../services/facility-service.ts';
import { procedureFor, publicProcedure, router } from '../trpc.ts';

export const facilityRouter = router({
  list: publicProcedure.input(FacilityListQuerySchema).query(({ ctx, input }) => listFacilities(ctx.db, input)),
  departments: publicProcedure.query(({ ctx }) => listFacilityDepartments(ctx.db)),
  options: procedureFor('admin', 'analyst', 'facilitator').query(({ ctx }) => listFacilityOptions(ctx.db, ctx.actor)),
});
