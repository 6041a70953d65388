import type { AppCaller } from './server/trpc/root.ts';

declare global {
  namespace App {
    interface Locals {
      /** The tRPC server-side caller for this request, set by src/middleware.ts. */
      trpc: AppCaller;
    }
  }
}
