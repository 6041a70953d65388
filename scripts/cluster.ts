// npm run -s cluster -- --input issues.jsonl|issues.csv [--output clusters.jsonl|-] [options]
// Clusters local issues (or any short texts) from a file, with no database; see docs/CLUSTERING.md.
import { runClusterCommand } from '../src/cli/cluster-command.ts';

process.exitCode = await runClusterCommand(process.argv.slice(2), {
  // npm runs scripts from the package root; INIT_CWD is where the person started the command.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
});
