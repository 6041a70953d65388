import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';

/**
 * A process as another process can find it again: the machine it runs on, its id, and when it started (so
 * that a later process given the same id is not taken for it).
 */
export interface ProcessIdentity {
  /**
   * The host name and, on Linux, the boot and the process-id namespace: process ids are comparable only
   * between processes that share all three (two containers on one host share the boot, not the namespace).
   */
  machine: string;
  pid: number;
  /** The process's start in clock ticks since boot (Linux, /proc/<pid>/stat); null where unknown. */
  start: string | null;
}

const readText = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

/** State and start time of a process from /proc/<pid>/stat, or null without /proc (macOS) or access. */
function readStat(pid: number | 'self'): { state: string; start: string } | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // "pid (command) state ppid ...": the command may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 3 (state) and 22 (starttime) of proc(5), counted from the state.
  const [state, start] = [fields[0], fields[19]];
  return state && start ? { state, start } : null;
}

function machineOfThisProcess(): string {
  const bootId = readText('/proc/sys/kernel/random/boot_id')?.trim();
  let pidNamespace: string | null = null;
  try {
    pidNamespace = readlinkSync('/proc/self/ns/pid');
  } catch {
    // Not Linux, or /proc is not mounted: the host name alone.
  }
  return [hostname(), bootId, pidNamespace].filter(Boolean).join(' ');
}

let self: ProcessIdentity | null = null;

/** This process, computed once. */
export function thisProcess(): ProcessIdentity {
  self ??= { machine: machineOfThisProcess(), pid: process.pid, start: readStat('self')?.start ?? null };
  return self;
}

/**
 * Whether a process of this machine still runs: `kill(pid, 0)` asks the kernel without sending anything
 * (EPERM means it exists, owned by someone else). On Linux, a zombie (dead, waiting for its parent to read
 * its exit) counts as gone, and so does a process with the same id but another start time.
 */
export function processState(pid: number, start: string | null): 'running' | 'gone' {
  if (!Number.isSafeInteger(pid) || pid <= 0) return 'gone';
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return 'gone';
  }
  const stat = readStat(pid);
  if (stat === null) return 'running';
  if (stat.state === 'Z' || stat.state === 'X') return 'gone';
  if (start !== null && stat.start !== start) return 'gone';
  return 'running';
}
