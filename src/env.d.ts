import type { Actor } from './domain/accounts/actor.ts';
import type { AppCaller } from './server/trpc/root.ts';

declare global {
  namespace App {
    interface Locals {
      /** Who is asking: the signed-in user, or the public. Set by src/middleware.ts. */
      actor: Actor;
      /** Shown to the person when something fails on our side, and logged with the failure. */
      requestId: string;
      /** The tRPC server-side caller for this request, acting as `actor`. */
      trpc: AppCaller;
      /** Records that `actor` was refused this page, as a refused procedure is (src/lib/page-guard.ts). */
      recordPageRefusal: (path: string) => Promise<void>;
      /** A page's plain-text 403 or 404 and the address refused, which src/pages/404.astro shows (src/middleware.ts). */
      refusal?: { status: number; message: string; path: string };
    }
  }
}
