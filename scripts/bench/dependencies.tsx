// Dependencies (issue 21): a 200-package graph judged (graph judgement + the dependencies rule) and rendered
// (SectionDependencies into a happy-dom document, an upper bound for a browser), and the request count of a
// 1,000-package lockfile check through the real Http client with a counting fake fetch (no network).
// Run through scripts/bench-dependencies.ts (which lets Node import the background's code first).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Window } from 'happy-dom';
import { render } from 'preact';
import { SectionDependencies } from '../../components/panel/SectionDependencies';
import { judgeDependencies, nodeKey, type NodeCheck } from '../../utils/analysis/dependency-risk';
import { checkRequirements } from '../../utils/background/requirements-check';
import type { ResolvedGraph } from '../../utils/contract/report';
import { DEFAULT_SETTINGS } from '../../utils/contract/settings';
import { Http, MemoryCache } from '../../utils/sources/http';
import { normaliseTopPackages } from '../../utils/sources/top-packages';
import { dependencies } from '../../utils/trust/rules/dependencies';
import { recordedPath } from '../../test/support/fixtures';

export const GRAPH_GOAL_MS = 50;
const NOW = Date.parse('2026-12-01T00:00:00Z');

/** Real package names (the recorded most-downloaded list), so name checks and URLs see ordinary names. */
function topNames(count: number): string[] {
  const top = normaliseTopPackages(JSON.parse(readFileSync(recordedPath('data/top-pypi-packages.json'), 'utf8')));
  if (!top) throw new Error('The recorded top-pypi-packages list did not parse');
  return top.names.slice(0, count);
}

/** A synthetic 200-node graph: 20 direct, the rest indirect; every 20th with an advisory, one compromised. */
function bigGraph(names: string[]): { graph: ResolvedGraph; checks: Map<string, NodeCheck> } {
  const nodes: ResolvedGraph['nodes'] = [{ name: 'bench-root', version: '1.0.0', relation: 'self', errors: [] }];
  const edges: ResolvedGraph['edges'] = [];
  const checks = new Map<string, NodeCheck>();
  names.forEach((name, i) => {
    nodes.push({ name, version: `1.${i}.0`, relation: i < 20 ? 'direct' : 'indirect', errors: [] });
    edges.push({ from: i < 20 ? 0 : 1 + (i % 20), to: i + 1, requirement: `>=1.${i}` });
    const advisories =
      i % 20 === 5 ? [{ id: `GHSA-bench-${i}`, summary: 'synthetic bench advisory', severity: 'high' as const, malicious: false, url: `https://osv.dev/vulnerability/GHSA-bench-${i}` }] : [];
    checks.set(nodeKey(name, `1.${i}.0`), {
      malware: i === 150 ? 'compromised-release' : 'none',
      advisories: i === 150 ? [{ id: 'MAL-bench', summary: null, severity: 'unknown', malicious: true, url: 'https://osv.dev/vulnerability/MAL-bench' }] : advisories,
      lookAlike: null,
    });
  });
  return { graph: { nodes, edges, error: null, url: 'https://deps.dev/pypi/bench-root/1.0.0' }, checks };
}

const DOM_GLOBALS = ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Text', 'Event', 'SVGElement'];

/** happy-dom's globals for the render, and a function that puts back what this process had before. */
function installDom(): { root: HTMLElement; restore: () => void } {
  const win = new Window({ url: 'https://pypi.org/project/bench-root/' });
  const before = DOM_GLOBALS.map((key) => [key, Object.getOwnPropertyDescriptor(globalThis, key)] as const);
  for (const key of DOM_GLOBALS) {
    Object.defineProperty(globalThis, key, { value: (win as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
  }
  const root = win.document.createElement('div');
  win.document.body.appendChild(root as never);
  const restore = () => {
    for (const [key, descriptor] of before) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor);
      else delete (globalThis as Record<string, unknown>)[key];
    }
  };
  return { root: root as unknown as HTMLElement, restore };
}

/** Judge (graph judgement + rule) and render the section, once per run, into a fresh container. */
function graphTimings(runs: number): number[] {
  const { graph, checks } = bigGraph(topNames(200));
  const { root, restore } = installDom();
  const samples: number[] = [];
  for (let run = 0; run < runs + 1; run++) {
    const start = performance.now();
    const facts = judgeDependencies({
      version: '1.0.0',
      requiresDist: null,
      graph: { state: 'ok', data: graph, fetchedAt: '', fromCache: false },
      checks,
      checkState: { advisories: { state: 'ok' }, names: true, ages: { state: 'disabled' as const } },
    });
    const section = { state: 'ok' as const, data: facts, fetchedAt: '', fromCache: false };
    const pkg = { name: 'bench-root', normalizedName: 'bench-root', viewedVersion: '1.0.0', latestVersion: '1.0.0' };
    const disabled = { state: 'disabled' as const };
    dependencies.evaluate(
      { package: pkg, releases: disabled, repository: disabled, advisories: disabled, provenance: disabled, dependencies: section },
      { now: new Date(NOW).toISOString() },
    );
    render(<SectionDependencies section={section} />, root);
    const elapsed = performance.now() - start;
    render(null, root);
    if (run > 0) samples.push(elapsed); // the first run warms the JIT
  }
  restore();
  return samples;
}

/** 1,000 pinned packages; every 10th has an advisory, and every 100th also one id shared by them all. */
async function lockfileCounts() {
  const names = topNames(1000);
  const counts = { batch: 0, vulns: 0, pypi: 0, other: 0 };
  const fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    if (url.pathname === '/v1/querybatch') {
      counts.batch++;
      const queries = (JSON.parse(String(init?.body)) as { queries: { package: { name: string } }[] }).queries;
      // Ids only, as OSV's batch answers: synthetic ids, never a record body.
      const results = queries.map((_, i) => {
        const index = names.indexOf(queries[i]!.package.name);
        const ids = index % 10 === 3 ? [`GHSA-bench-${index}`] : [];
        if (index % 100 === 3) ids.push('PYSEC-bench-shared');
        return ids.length ? { vulns: ids.map((id) => ({ id, modified: '2026-01-01T00:00:00Z' })) } : {};
      });
      return new Response(JSON.stringify({ results }), { status: 200, headers: { 'content-type': 'application/json' } });
    }
    if (url.pathname.startsWith('/v1/vulns/')) counts.vulns++;
    else if (url.host === 'pypi.org') counts.pypi++;
    else counts.other++;
    // OSV's 404 for an unknown record: the ids stay listed without details.
    return new Response('{"code":5,"message":"Bug not found."}', { status: 404, headers: { 'content-type': 'application/json' } });
  }) as typeof globalThis.fetch;
  const http = new Http({ fetch, cache: new MemoryCache(), now: () => NOW });
  const items = names.map((name, i) => ({ name, pinned: `1.${i}.0`, specifier: null }));
  const check = await checkRequirements({ http, settings: DEFAULT_SETTINGS, now: () => NOW }, items);
  const distinctIds = new Set(check.results.flatMap((r) => r.advisories.map((a) => a.id))).size;
  return { packages: items.length, ...counts, distinctIds };
}

export type DependenciesBench = {
  graphJudgeRenderMs: number[];
  lockfile: Awaited<ReturnType<typeof lockfileCounts>>;
};

export async function benchDependencies(runs = 5): Promise<DependenciesBench> {
  return { graphJudgeRenderMs: graphTimings(runs), lockfile: await lockfileCounts() };
}

/** The two lines the standalone run prints, each figure with its goal and pass / FALLS SHORT. */
export function formatDependenciesBench(bench: DependenciesBench): string[] {
  const sorted = [...bench.graphJudgeRenderMs].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  const l = bench.lockfile;
  return [
    `200-node graph judged + rendered: median ${median.toFixed(1)} ms (min ${sorted[0]!.toFixed(1)}, max ${sorted[sorted.length - 1]!.toFixed(1)}; goal ≤ ${GRAPH_GOAL_MS} ms: ${median <= GRAPH_GOAL_MS ? 'pass' : 'FALLS SHORT'})`,
    `${l.packages}-package lockfile: ${l.batch} querybatch (goal ≤ 2: ${l.batch <= 2 ? 'pass' : 'FALLS SHORT'}), ${l.vulns} GET /v1/vulns for ${l.distinctIds} distinct advisories (goal ≤ 1 each: ${l.vulns <= l.distinctIds ? 'pass' : 'FALLS SHORT'}), ${l.pypi} PyPI, ${l.other} other`,
  ];
}
