/** The application's own jobs the outbox runs (its `kind`s other than mail), in words. */
export const OUTBOX_JOB_NAMES: Record<string, string> = {
  'cluster.run': 'Clustering the issues again',
  'cluster.place': 'Placing new or changed issues in clusters',
  'import.run': 'Importing local issues',
  'import.rollback': 'Rolling back an import',
};

/** What a job's payload names, to link to: a clustering run, an import, or how many issues. */
export function outboxJobSubject(payload: unknown): { name: string; href?: string } | undefined {
  const note = (payload ?? {}) as { clusterRunId?: unknown; importRunId?: unknown; localIssueIds?: unknown };
  if (typeof note.clusterRunId === 'string') {
    return { name: 'The clustering run', href: `/clusters/runs/${note.clusterRunId}` };
  }
  if (typeof note.importRunId === 'string') return { name: 'The import', href: `/issues/imports/${note.importRunId}` };
  if (Array.isArray(note.localIssueIds)) {
    const count = note.localIssueIds.length;
    return { name: `${count} local issue${count === 1 ? '' : 's'}` };
  }
  return undefined;
}

/** A mail's or job's state in words: "Sent", "Waiting (tried 2 times)", "Given up after 8 attempts". */
export function outboxStatusWords(
  message: { status: string; attempts: number },
  noun: { done: string; waiting: string },
): string {
  const times = (count: number) => `${count} time${count === 1 ? '' : 's'}`;
  switch (message.status) {
    case 'delivered':
      return noun.done;
    case 'failed':
      return `Given up after ${times(message.attempts)}`;
    default:
      return message.attempts > 0 ? `${noun.waiting}, tried ${times(message.attempts)} so far` : noun.waiting;
  }
}
