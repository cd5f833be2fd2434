// Timing of the typosquat lookup, for `npm run bench` (scripts/) — never asserted in a test.
import type { TopPackages } from '../../utils/sources/top-packages';
import { buildTyposquatIndex, checkTyposquat } from '../../utils/analysis/typosquat';

export type TyposquatBench = {
  listSize: number;
  /** The rank map alone: all a listed name needs. */
  rankMs: number;
  /** Rank map and look-alike tables (built when the first unlisted name is checked). */
  buildMs: number;
  lookups: number;
  meanMs: number;
  p95Ms: number;
  maxMs: number;
};

/** Times `checkTyposquat` for every probe name, `rounds` times, after one warm-up pass (JIT). */
export function benchmarkTyposquat(top: TopPackages, probes: string[], rounds = 5): TyposquatBench {
  const started = performance.now();
  const index = buildTyposquatIndex(top);
  const rankMs = performance.now() - started;
  void index.bySquashed; // the look-alike tables are built on first use: time the whole build
  const buildMs = performance.now() - started;
  for (const probe of probes) checkTyposquat(probe, index);
  const times: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const probe of probes) {
      const t0 = performance.now();
      checkTyposquat(probe, index);
      times.push(performance.now() - t0);
    }
  }
  times.sort((a, b) => a - b);
  const sum = times.reduce((total, t) => total + t, 0);
  return {
    listSize: top.names.length,
    rankMs,
    buildMs,
    lookups: times.length,
    meanMs: sum / Math.max(1, times.length),
    p95Ms: times[Math.floor(times.length * 0.95)] ?? 0,
    maxMs: times.at(-1) ?? 0,
  };
}

/**
 * Probe names the way the check meets them: unlisted names (the full scan runs) built from real
 * listed names by one slip each, plus listed names (the early exit).
 */
export function typosquatProbes(top: TopPackages, count = 200): string[] {
  const probes: string[] = [];
  const step = Math.max(1, Math.floor(top.names.length / count));
  for (let i = 0; i < top.names.length && probes.length < count; i += step) {
    const name = top.names[i]!;
    probes.push(`${name}x`, `0${name}`, name);
  }
  return probes;
}
