/** An audit event of a record's edit history in words: "changed the name, sector" or "archived it". */
export function describeRecordEvent(action: string, changes: unknown): string {
  const fields = (changes as { fields?: unknown } | null)?.fields;
  if (Array.isArray(fields)) return `changed the ${fields.join(', ')}`;
  const verb = (action.split('.').pop() ?? action).replaceAll('_', ' ');
  return `${verb} it`;
}
