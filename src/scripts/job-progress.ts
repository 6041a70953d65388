// Live progress on the page of a background job (an import, a clustering run): asks the tRPC query named in
// the section's data attributes every second and redraws the step; once the job has ended, reloads the page,
// which then shows the outcome. Without JavaScript the page refreshes itself (a meta refresh in <noscript>).
// What to ask and how to read the answer comes from JobProgress.astro's data attributes.
interface ProgressSettings {
  procedure: string;
  input: unknown;
  /** The answer's field that holds the state, and the states in which the job still runs. */
  stateField: string;
  runningStates: string[];
  /** The answer's field that holds the phase, and each phase's step and words. */
  phaseField: string;
  phases: Record<string, { step: number; label: string }>;
  /** A count to show beside the step once known, e.g. rows read. */
  countField?: string;
  countNoun?: string;
}

export function followJobProgress() {
  const section = document.querySelector<HTMLElement>('[data-job-progress]');
  const bar = section?.querySelector('progress');
  const text = section?.querySelector<HTMLElement>('[data-phase-text]');
  if (!section || !bar || !text) return;
  const settings = JSON.parse(section.dataset.jobProgress ?? '{}') as ProgressSettings;
  const url = `/api/trpc/${settings.procedure}?input=${encodeURIComponent(JSON.stringify(settings.input))}`;
  const poll = async () => {
    const response = await fetch(url).catch(() => null);
    const body = response?.ok ? ((await response.json()) as { result: { data: Record<string, unknown> } }) : null;
    const progress = body?.result.data;
    if (progress && !settings.runningStates.includes(String(progress[settings.stateField]))) {
      return location.reload();
    }
    const phase = progress ? settings.phases[String(progress[settings.phaseField])] : undefined;
    // A phase the page did not list (a run that turned out to embed texts): the page lists it once reloaded.
    if (progress && !phase) return location.reload();
    if (progress && phase) {
      bar.value = phase.step;
      const count = settings.countField ? Number(progress[settings.countField] ?? 0) : 0;
      const counted = count > 0 ? ` (${count.toLocaleString('en-ZA')} ${settings.countNoun})` : '';
      text.textContent = `Step ${phase.step} of ${bar.max}: ${phase.label}${counted}`;
    }
    setTimeout(poll, 1_000);
  };
  setTimeout(poll, 1_000);
}
