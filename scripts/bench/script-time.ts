// Script time on a big project, in Node: parse + normalise (what the background does with PyPI's
// JSON), judge (all rules + verdict), and render (the TrustPanel into a happy-dom document, as the
// content script does). happy-dom is slower than a browser's DOM, so the render figure is an upper
// bound. The other sections come from a real buildReport over recorded bodies served from memory.
import { readFileSync } from 'node:fs';
import { Window } from 'happy-dom';
import * as z from 'zod/mini';
import { recordedPath } from '../../test/support/fixtures';
import { buildReport } from '../../utils/background/build';
import type { Report } from '../../utils/contract/report';
import { DEFAULT_SETTINGS } from '../../utils/contract/settings';
import { Http, MemoryCache } from '../../utils/sources/http';
import { normaliseReleaseFacts, PypiJson } from '../../utils/sources/pypi-json';
import { normaliseSimpleIndex } from '../../utils/sources/pypi-simple';
import { judge } from '../../utils/trust/index';
import { timing, type Figure } from './figures';
import { syntheticScaleUp, twoFilesPerRelease } from './synthetic';

export const SCRIPT_GOAL_MS = 100;
const NOW = Date.parse('2026-05-01T00:00:00Z');

function installDom(): void {
  const win = new Window({ url: 'https://pypi.org/project/coverage/' });
  const g = globalThis as Record<string, unknown>;
  for (const key of ['window', 'document', 'Node', 'Element', 'HTMLElement', 'Text', 'Event', 'navigator', 'requestAnimationFrame', 'cancelAnimationFrame', 'SVGElement', 'MouseEvent', 'KeyboardEvent']) {
    if (g[key] === undefined || key === 'window' || key === 'document') {
      Object.defineProperty(globalThis, key, { value: (win as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
    }
  }
}

/** A stub fetch that answers from recorded bodies in memory: the real Http, zod and normalisers run. */
function memoryFetch(answers: Record<string, string>): typeof fetch {
  return (async (input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const path = new URL(url).host + new URL(url).pathname;
    const body = answers[path];
    return body === undefined
      ? new Response('{"message":"Not Found"}', { status: 404, headers: { 'content-type': 'application/json' } })
      : new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

async function baseReport(name: string, projectBody: string): Promise<Report> {
  const http = new Http({
    cache: new MemoryCache(),
    now: () => NOW,
    fetch: memoryFetch({
      [`pypi.org/pypi/${name}/json`]: projectBody,
      [`pypi.org/simple/${name}/`]: readFileSync(recordedPath('pypi.org/simple/django.json'), 'utf8'),
      'api.github.com/repos/nedbat/coveragepy': readFileSync(recordedPath('api.github.com/repos/PyGithub-PyGithub.json'), 'utf8'),
      'api.osv.dev/v1/query': '{}',
    }),
  });
  return buildReport({ http, settings: DEFAULT_SETTINGS, now: () => NOW }, { name });
}

type Case = { label: string; name: string; body: string; releases: number; goal?: boolean; note?: string };

export async function benchScriptTime(runs: number): Promise<{ figures: Figure[]; raw: Record<string, unknown> }> {
  installDom();
  const { render, h } = await import('preact');
  const { TrustPanel } = await import('../../components/panel/TrustPanel');
  const coverage = readFileSync(recordedPath('pypi.org/json/coverage.json'), 'utf8');
  const numpy = readFileSync(recordedPath('pypi.org/json/numpy-1.20.3.json'), 'utf8');
  const lean = syntheticScaleUp(twoFilesPerRelease(coverage), 3000);
  const full = syntheticScaleUp(coverage, 3000);
  const mb = (text: string) => `${(text.length / 1e6).toFixed(1)} MB`;
  const cases: Case[] = [
    { label: 'coverage (recorded, 94 releases)', name: 'coverage', body: coverage, releases: 94 },
    { label: 'numpy 1.20.3 (recorded, 105 releases)', name: 'numpy', body: numpy, releases: 105 },
    {
      label: `synthetic: coverage ×32, ${lean.releases} releases, sdist + 1 wheel each (${mb(lean.text)})`,
      name: 'coverage', body: lean.text, releases: lean.releases, goal: true,
    },
    {
      label: `synthetic: coverage ×32, ${full.releases} releases, all files (${mb(full.text)})`,
      name: 'coverage', body: full.text, releases: full.releases, goal: false,
      note: 'above the 8 MB cap on PyPI JSON bodies (utils/sources/pypi-json.ts): the extension refuses such a body, so no goal; JSON.parse alone is most of it',
    },
  ];
  const figures: Figure[] = [];
  const raw: Record<string, unknown> = {};
  for (const c of cases) {
    const base = await baseReport(c.name, c.body);
    const parse: number[] = [];
    const judging: number[] = [];
    const rendering: number[] = [];
    const total: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const facts = normaliseReleaseFacts(z.parse(PypiJson, JSON.parse(c.body)), null);
      const t1 = performance.now();
      const input = { package: base.package, releases: { ...base.releases, state: 'ok' as const, data: facts, fetchedAt: new Date(NOW).toISOString(), fromCache: false }, repository: base.repository, advisories: base.advisories, provenance: base.provenance };
      const { findings, verdict } = judge(input, { now: new Date(NOW).toISOString() });
      const t2 = performance.now();
      const report: Report = { ...base, ...input, findings, verdict };
      const container = document.createElement('div');
      document.body.append(container);
      render(h(TrustPanel, { report, loading: false, error: null, ruleUrl: (r: string) => `https://example.org/#${r}`, nowMs: NOW }), container);
      const t3 = performance.now();
      render(null, container);
      container.remove();
      parse.push(t1 - t0);
      judging.push(t2 - t1);
      rendering.push(t3 - t2);
      total.push(t3 - t0);
    }
    const group = `big project: ${c.label}`;
    figures.push(timing(group, 'parse + normalise (JSON.parse, zod, normaliseReleaseFacts)', 'ms', parse));
    figures.push(timing(group, 'judge (all rules + verdict)', 'ms', judging));
    figures.push(timing(group, 'render TrustPanel (happy-dom)', 'ms', rendering));
    figures.push(timing(group, 'total script time', 'ms', total, c.goal === false ? undefined : { op: '<=', target: SCRIPT_GOAL_MS },
      c === cases[0] ? 'Node + happy-dom, one process, no warm-up: the first run of each case is JIT-cold (see max)' : c.note));
    raw[c.label] = { parse, judging, rendering, total, bytes: c.body.length };
  }

  const django = readFileSync(recordedPath('pypi.org/simple/django.json'), 'utf8');
  const simple: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    normaliseSimpleIndex(JSON.parse(django), 'django');
    simple.push(performance.now() - t0);
  }
  figures.push(timing('big project: django Simple index (recorded, 433 versions, 799 files)', 'parse + normalise', 'ms', simple));
  return { figures, raw };
}
