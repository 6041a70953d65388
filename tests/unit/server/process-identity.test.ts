import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processState, thisProcess } from '../../../src/server/process-identity.ts';

describe('processState', () => {
  it('finds this process running, under its own start time', () => {
    const me = thisProcess();
    expect(me.pid).toBe(process.pid);
    expect(processState(me.pid, me.start)).toBe('running');
  });

  it('takes a process with the same id but another start time for gone (a later process given the id)', () => {
    const me = thisProcess();
    if (me.start === null) return; // no /proc: only Linux records start times
    expect(processState(me.pid, `${me.start}0`)).toBe('gone');
  });

  it('finds a process that has ended gone', async () => {
    const child = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => child.once('exit', resolve));
    expect(processState(child.pid!, null)).toBe('gone');
  });

  it('never signals a process group for an id that is not a process id', () => {
    expect(processState(0, null)).toBe('gone');
    expect(processState(-1, null)).toBe('gone');
  });
});
