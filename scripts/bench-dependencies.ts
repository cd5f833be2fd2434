// Dependencies bench hook (issue 21): a 200-node graph judged and rendered, and the requests of a 1,000-package
// lockfile check (scripts/bench/dependencies.tsx). `npx tsx scripts/bench-dependencies.ts`, or the bench's extras.
import { registerCjsNamedExports } from './bench/node-interop';

let registered = false;

export async function runDependenciesBench(runs = 5) {
  // The background's code imports a UMD package by name; see node-interop.ts.
  if (!registered) registerCjsNamedExports(['ae-cvss-calculator']);
  registered = true;
  const { benchDependencies } = await import('./bench/dependencies');
  return benchDependencies(runs);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const bench = await runDependenciesBench(5);
  const { formatDependenciesBench } = await import('./bench/dependencies');
  for (const line of formatDependenciesBench(bench)) console.log(line);
}
