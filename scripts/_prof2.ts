import { launchBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { withWorkerDevtools } from './bench/worker';
import { installProbe, waitForProbe, readProbe } from './bench/page-probe';
const server = await startFixtureServer({ scenario: 'luigi', latencyMs: 150 });
const b = await launchBrowser({ server, extensionPath: '/tmp/benchdev/dbg/chrome-mv3' });
const load = async () => { const p = await b.newPage(); await installProbe(p); await p.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' }); await waitForProbe(p, (m) => m.panelPaint !== null); const r = await readProbe(p); await p.close(); return r; };
await load(); await load();
const mode = process.argv[2] ?? 'warm';
if (mode === 'cold') { const w = await b.serviceWorker(); await w.evaluate(() => (globalThis as any).chrome.storage.local.clear()); }
const profile = await withWorkerDevtools(b, async (call) => {
  await call('Profiler.enable'); await call('Profiler.setSamplingInterval', { interval: 200 }); await call('Profiler.start');
  const r = await load(); console.log('badge after DCL', Math.round(r.badgePaint! - r.domContentLoaded), 'host after DCL', Math.round(r.firstHost! - r.domContentLoaded));
  const { profile } = await call('Profiler.stop'); return profile as any;
});
const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
const dt = profile.timeDeltas as number[];
profile.samples.forEach((s: number, i: number) => { const n: any = byId.get(s); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('total sampled ms', Math.round(total / 1000));
console.log([...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, t]) => `${(t / 1000).toFixed(1)}ms ${k}`).join('\n'));
await b.close(); await server.close();
