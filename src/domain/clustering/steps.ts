/**
 * A long computation cut into steps: it yields between them, so that a caller on a server's event loop can
 * let other work run in between (`await` a turn after each step), while other callers run it through at once
 * (`runToEnd`). The steps compute exactly what the computation does in one go.
 */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once and returns the result. */
export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
