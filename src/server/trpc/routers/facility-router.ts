import { z } from 'zod';
import { textField } from '../../../domain/text/text-schema.ts';
import { PROVINCES } from '../../../domain/vocabulary.ts';
import {
  createFacility,
  FacilityArchiveSchema,
  FacilityCreateSchema,
  FacilityUpdateSchema,
  setFacilityArchived,
  updateFacility,
} from '../../services/capture/facility-edit-service.ts';
import {
  exportFacilitiesCsv,
  FacilityExportSchema,
  FacilityListQuerySchema,
  findFacilityOption,
  getFacility,
  listDistricts,
  listFacilities,
  listFacilityDepartments,
  listFacilityOptions,
} from '../../services/capture/facility-service.ts';
import { formInputOf } from '../form-input.ts';
import { procedureFor, publicProcedure, router } from '../trpc.ts';

/** Facilities and departments are kept by administrators (DESIGN.md §1). */
const administrator = procedureFor('admin');

export const facilityRouter = router({
  list: publicProcedure.input(FacilityListQuerySchema).query(({ ctx, input }) => listFacilities(ctx.db, input)),
  exportCsv: publicProcedure.input(FacilityExportSchema).query(({ ctx, input }) => exportFacilitiesCsv(ctx.db, input)),
  departments: publicProcedure.query(({ ctx }) => listFacilityDepartments(ctx.db)),
  districts: publicProcedure
    .input(z.object({ province: z.enum(PROVINCES).optional() }))
    .query(({ ctx, input }) => listDistricts(ctx.db, input.province)),
  /** Names by id, the first `atMost` by name (a list's filter asks for one more than it shows in a select). */
  options: procedureFor('admin', 'analyst', 'facilitator')
    .input(z.object({ atMost: z.number().int().positive().optional() }).optional())
    .query(({ ctx, input }) => listFacilityOptions(ctx.db, ctx.actor, input?.atMost)),
  /** One of those, by id or code; null when the actor does not work with it. */
  option: procedureFor('admin', 'analyst', 'facilitator')
    .input(z.object({ idOrCode: textField().trim().min(1).max(40) }))
    .query(({ ctx, input }) => findFacilityOption(ctx.db, ctx.actor, input.idOrCode)),
  /** Facts, counts and rounds: public. Issues and charters come through their own procedures. */
  get: publicProcedure
    .input(z.object({ code: textField().trim().min(1).max(40) }))
    .query(({ ctx, input }) => getFacility(ctx.db, ctx.actor, input.code)),
  create: administrator
    .input(formInputOf(FacilityCreateSchema))
    .mutation(({ ctx, input }) => createFacility(ctx.db, ctx.actor, input)),
  update: administrator
    .input(formInputOf(FacilityUpdateSchema))
    .mutation(({ ctx, input }) => updateFacility(ctx.db, ctx.actor, input)),
  setArchived: administrator
    .input(FacilityArchiveSchema)
    .mutation(({ ctx, input }) => setFacilityArchived(ctx.db, ctx.actor, input)),
});
