import { describe, expect, it } from 'vitest';
import {
  isRunnerGone,
  LOST_RUNNER_LIMIT_MS,
  SILENT_RUNNER_LIMIT_MS,
} from '../../../src/domain/jobs/runner-liveness.ts';

const now = new Date('2026-12-06T12:00:00Z');
const before = (ms: number) => new Date(now.getTime() - ms);

describe('isRunnerGone', () => {
  it('takes the process table at its word on this machine, whatever the heartbeat says', () => {
    expect(isRunnerGone({ processFound: false, heartbeatAt: now, now })).toBe(true);
    expect(isRunnerGone({ processFound: true, heartbeatAt: before(SILENT_RUNNER_LIMIT_MS * 2), now })).toBe(false);
  });

  it('takes a runner whose process runs but has not beaten for longer than a transaction may last for lost', () => {
    expect(isRunnerGone({ processFound: true, heartbeatAt: before(LOST_RUNNER_LIMIT_MS + 1), now })).toBe(true);
  });

  it('judges a runner on another machine by its heartbeat only', () => {
    expect(isRunnerGone({ processFound: null, heartbeatAt: before(SILENT_RUNNER_LIMIT_MS), now })).toBe(false);
    expect(isRunnerGone({ processFound: null, heartbeatAt: before(SILENT_RUNNER_LIMIT_MS + 1), now })).toBe(true);
    expect(isRunnerGone({ processFound: null, heartbeatAt: null, now })).toBe(true);
  });
});
