import { accountRouter } from './routers/account-router.ts';
import { adminRouter } from './routers/admin-router.ts';
import { caseRouter } from './routers/case-router.ts';
import { caseSettingsRouter } from './routers/case-settings-router.ts';
import { charterRouter } from './routers/charter-router.ts';
import { clusterRouter } from './routers/cluster-router.ts';
import { departmentRouter } from './routers/department-router.ts';
import { facilityRouter } from './routers/facility-router.ts';
import { importRouter } from './routers/import-router.ts';
import { knowledgeRouter } from './routers/knowledge-router.ts';
import { localIssueRouter } from './routers/local-issue-router.ts';
import { publicOutputRouter } from './routers/public-output-router.ts';
import { publicTextRouter } from './routers/public-text-router.ts';
import { overviewRouter } from './routers/overview-router.ts';
import { responsivenessRouter } from './routers/responsiveness-router.ts';
import { roundRouter } from './routers/round-router.ts';
import { systemRouter } from './routers/system-router.ts';
import { taxonomyRouter } from './routers/taxonomy-router.ts';
import { userRouter } from './routers/user-router.ts';
import { createCallerFactory, router } from './trpc.ts';

export const appRouter = router({
  system: systemRouter,
  overview: overviewRouter,
  facility: facilityRouter,
  department: departmentRouter,
  knowledge: knowledgeRouter,
  localIssue: localIssueRouter,
  imports: importRouter,
  taxonomy: taxonomyRouter,
  round: roundRouter,
  charter: charterRouter,
  cluster: clusterRouter,
  case: caseRouter,
  account: accountRouter,
  user: userRouter,
  admin: adminRouter,
  caseSettings: caseSettingsRouter,
  publicText: publicTextRouter,
  responsiveness: responsivenessRouter,
  publicOutput: publicOutputRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
export type AppCaller = ReturnType<typeof createCaller>;
