import { z } from 'zod';
import { findForbiddenCharacter, forbiddenCharacterReason } from './forbidden-characters.ts';

/**
 * `z.string()` for every string of every input schema: refuses control characters and bidirectional overrides
 * (forbidden-characters.ts), naming the character and its position, before anything else is checked (so before
 * `.trim()`, which would quietly drop a leading vertical tab). Chain `.trim()`, `.min()`, `.max()` as on
 * `z.string()`; for a format, pipe it: `textField().pipe(z.email())`.
 * tests/integration/trpc/text-fields.test.ts walks every tRPC procedure's input and fails on a string without it.
 */
export function textField(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine((value) => findForbiddenCharacter(value) === null, {
    error: (issue) => {
      const found = typeof issue.input === 'string' ? findForbiddenCharacter(issue.input) : null;
      return found ? forbiddenCharacterReason(found) : 'contains a forbidden character; remove it';
    },
  });
}
