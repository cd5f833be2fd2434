import { launchBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { installProbe, waitForProbe, readProbe } from './bench/page-probe';
const server = await startFixtureServer({ scenario: 'luigi', latencyMs: 150 });
const b = await launchBrowser({ server, extensionPath: '/tmp/benchdev/dbg/chrome-mv3' });
const load = async (profile = false) => {
  const p = await b.newPage(); await installProbe(p);
  const cdp = profile ? await b.context.newCDPSession(p) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 200 }); await cdp.send('Profiler.start'); }
  await p.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' }); await waitForProbe(p, (m) => m.panelPaint !== null); const r = await readProbe(p);
  let prof: any = null; if (cdp) prof = (await cdp.send('Profiler.stop')).profile;
  await p.close(); return { r, prof };
};
await load(); await load();
const { r, prof } = await load(true);
console.log('badge after DCL', Math.round(r.badgePaint! - r.domContentLoaded));
const byId = new Map(prof.nodes.map((n: any) => [n.id, n]));
const self = new Map<string, number>();
const dt = prof.timeDeltas as number[];
prof.samples.forEach((s: number, i: number) => { const n: any = byId.get(s); const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
console.log([...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 25).map(([k, t]) => `${(t / 1000).toFixed(1)}ms ${k}`).join('\n'));
// timeline of samples from our content script
const t0 = prof.startTime; let t = t0; const ours: [number, string][] = [];
prof.samples.forEach((s: number, i: number) => { t += dt[i] ?? 0; const n: any = byId.get(s); if (n.callFrame.url.includes('pypi-project')) ours.push([t, n.callFrame.functionName]); });
console.log('content-script samples', ours.length, 'first', ours[0] && Math.round((ours[0][0] - t0) / 1000), 'last', ours.at(-1) && Math.round((ours.at(-1)![0] - t0) / 1000));
await b.close(); await server.close();
