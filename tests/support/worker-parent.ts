// A stand-in for scripts/start.ts in tests: starts the background worker exactly as it does
// (scripts/lib/worker-process.ts), prints the worker's process id, and stays until killed.
import { startWorkerProcess } from '../../scripts/lib/worker-process.ts';

const worker = startWorkerProcess(new URL('../../', import.meta.url).pathname);
console.log(`worker pid ${worker.pid()}`);
