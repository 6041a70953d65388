import { FacilityListQuerySchema, listFacilities, listFacilityDepartments } from '../../services/facility-service.ts';
import { publicProcedure, router } from '../trpc.ts';

export const facilityRouter = router({
  list: publicProcedure.input(FacilityListQuerySchema).query(({ ctx, input }) => listFacilities(ctx.db, input)),
  departments: publicProcedure.query(({ ctx }) => listFacilityDepartments(ctx.db)),
});
