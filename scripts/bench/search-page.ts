// Search page with 20 results: time until every result's badge is final, and the requests per host,
// cold and warm. Goals (issue 20, design §3): cold, every badge within 1.3 × the slowest single upstream
// round-trip after DOMContentLoaded; warm, in the page's own first frame after DOMContentLoaded. At most
// one PyPI JSON per result, no GitHub without a token, OSV: one querybatch beside PyPI's requests plus,
// since the 2026 page shows no versions, one for the names OSV knows advisories for; nothing when warm.
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer } from '../../test/support/fixture-server';
import { single, timing, type Figure } from './figures';
import { countByHost, measureLoad, slowestRoundTrip, waterfall, type Load } from './page-runs';

const RESULTS = 20;
const HOST_GOALS: Record<string, number> = { 'api.osv.dev': 2, 'pypi.org': RESULTS + 1, 'api.github.com': 0 };
export const SEARCH_RATIO_GOAL = 1.3;

export async function benchSearchPage(
  browser: LaunchedBrowser,
  server: FixtureServer,
  opts: { runs: number },
): Promise<{ figures: Figure[]; raw: Record<string, unknown> }> {
  server.useScenario('search-flask');
  const url = 'https://pypi.org/search/?q=flask';
  const done = (m: { searchBadges: number; searchPaint: number | null }) => m.searchBadges >= RESULTS && m.searchPaint !== null;
  const group = 'search (20 results)';
  const figures: Figure[] = [];
  const raw: Record<string, unknown> = {};

  for (const cache of ['cold', 'warm'] as const) {
    const loads: Load[] = [];
    if (cache === 'warm') await measureLoad(browser, server, { url, cache: 'cold', workerAsleep: true, done, settleMs: 0 });
    for (let i = 0; i < opts.runs; i++) {
      loads.push(await measureLoad(browser, server, { url, cache, workerAsleep: cache === 'cold', done, settleMs: 100 }));
    }
    const label = cache === 'cold' ? 'cold cache, worker asleep' : 'warm cache, worker awake';
    figures.push(timing(group, `${label}: all badges painted (from navigation start)`, 'ms', loads.map((l) => l.probe.searchPaint ?? NaN)));
    figures.push(timing(group, `${label}: all badges painted after DOMContentLoaded`, 'ms',
      loads.map((l) => (l.probe.searchPaint ?? NaN) - l.probe.domContentLoaded)));
    if (cache === 'cold') {
      const slowest = loads.map(slowestRoundTrip);
      figures.push(timing(group, `${label}: slowest upstream round-trip`, 'ms', slowest));
      figures.push(timing(group, `${label}: all badges ratio`, 'ratio',
        loads.map((l, i) => ((l.probe.searchPaint ?? NaN) - l.probe.domContentLoaded) / slowest[i]!), { op: '<=', target: SEARCH_RATIO_GOAL },
        '(all badges painted − DOMContentLoaded) / slowest round-trip'));
      figures.push(timing(group, `${label}: layout shift (CLS)`, 'score', loads.map((l) => l.probe.cls), { op: '<=', target: 0.01 }));
    } else {
      figures.push(timing(group, `${label}: the page's own first frame after DOMContentLoaded`, 'ms',
        loads.map((l) => (l.probe.firstFrameAfterDcl ?? NaN) - l.probe.domContentLoaded)));
      figures.push(timing(group, `${label}: all badges painted after the page's own first frame`, 'ms',
        loads.map((l) => (l.probe.searchPaintFrameTime ?? NaN) - (l.probe.firstFrameAfterDclTime ?? NaN)), { op: '<=', target: 0 },
        'frame time of the frame the last badge was painted in − that of the page\'s first frame after DOMContentLoaded: 0 = the same frame'));
    }
    const counts = loads.map((l) => countByHost(l.requests));
    const hosts = [...new Set([...Object.keys(HOST_GOALS), ...counts.flatMap((c) => Object.keys(c))])].sort();
    for (const host of hosts) {
      const worst = Math.max(...counts.map((c) => c[host] ?? 0));
      const target = cache === 'warm' ? 0 : HOST_GOALS[host];
      const goal = target === undefined ? undefined : target === 0 ? { op: '==' as const, target } : { op: '<=' as const, target };
      figures.push(single(group, `${label}: requests to ${host}`, 'count', worst, goal,
        cache === 'cold' && host === 'pypi.org' ? 'extension requests only (the search page itself is not counted); the most of any run' : undefined));
    }
    raw[label] = loads.map((l) => ({ ...l.probe, requests: countByHost(l.requests), waterfall: waterfall(l) }));
  }
  return { figures, raw };
}
