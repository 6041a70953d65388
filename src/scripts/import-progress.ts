// Live progress on an import's page: asks imports.progress every second and redraws the step; when the
// run has ended, reloads the page, which then shows the whole report. Without JavaScript the page
// refreshes itself (a meta refresh inside <noscript>).
interface Progress {
  outcome: string;
  phase: string;
  rowsTotal: number;
}

export function followImportProgress() {
  const status = document.querySelector<HTMLElement>('[data-import-run]');
  const bar = status?.querySelector('progress');
  const text = status?.querySelector<HTMLElement>('[data-phase-text]');
  if (!status || !bar || !text) return;
  const phases = JSON.parse(status.dataset.phases ?? '{}') as Record<string, { step: number; label: string }>;
  const url = `/api/trpc/imports.progress?input=${encodeURIComponent(JSON.stringify({ id: status.dataset.importRun }))}`;
  const poll = async () => {
    const response = await fetch(url).catch(() => null);
    const body = response?.ok ? ((await response.json()) as { result: { data: Progress } }) : null;
    const progress = body?.result.data;
    if (progress && progress.outcome !== 'running') return location.reload();
    const phase = progress ? phases[progress.phase] : undefined;
    if (progress && phase) {
      bar.value = phase.step;
      const rows = progress.rowsTotal > 0 ? ` (${progress.rowsTotal.toLocaleString('en-ZA')} rows)` : '';
      text.textContent = `Step ${phase.step} of ${bar.max}: ${phase.label}${rows}`;
    }
    setTimeout(poll, 1_000);
  };
  setTimeout(poll, 1_000);
}
