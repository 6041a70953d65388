import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** RFC 4287's RELAX NG schema (its Appendix B, converted from the compact syntax to XML with trang). */
export const ATOM_SCHEMA = fileURLToPath(new URL('../fixtures/atom/atom.rng', import.meta.url));

/**
 * What xmllint (Debian's libxml2-utils, installed by .ci/run) finds wrong with an Atom document against the
 * schema: nothing when it is valid.
 */
export function atomSchemaProblems(xml: string): string[] {
  const result = spawnSync('xmllint', ['--noout', '--relaxng', ATOM_SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  if (result.error) throw new Error(`xmllint could not run (install libxml2-utils): ${result.error.message}`);
  if (result.status === 0) return [];
  return result.stderr.split('\n').filter((line) => line.trim() !== '' && !line.endsWith('fails to validate'));
}
