// Typosquat lookup time on the recorded top-pypi-packages list (15,000 names).
// `npx tsx scripts/bench-typosquat.ts`, or call runTyposquatBench() from scripts/bench.ts.
import { readFileSync } from 'node:fs';
import { benchmarkTyposquat, typosquatProbes, type TyposquatBench } from './bench/typosquat';
import { normaliseTopPackages } from '../utils/sources/top-packages';
import { recordedPath } from '../test/support/fixtures';

export function runTyposquatBench(): TyposquatBench {
  const top = normaliseTopPackages(JSON.parse(readFileSync(recordedPath('data/top-pypi-packages.json'), 'utf8')));
  if (!top) throw new Error('The recorded top-pypi-packages list did not parse');
  return benchmarkTyposquat(top, typosquatProbes(top));
}

export function formatTyposquatBench(bench: TyposquatBench): string {
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  return (
    `typosquat lookup vs ${bench.listSize.toLocaleString('en-US')} names: mean ${ms(bench.meanMs)}, ` +
    `p95 ${ms(bench.p95Ms)}, max ${ms(bench.maxMs)} over ${bench.lookups} lookups (index built once in ${ms(bench.buildMs)})`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(formatTyposquatBench(runTyposquatBench()));
