declare namespace App {
  interface Locals {
    /** The tRPC server-side caller for this request, set by src/middleware.ts. */
    trpc: import('./server/trpc/root.ts').AppCaller;
  }
}
