import { launchBrowser } from '../test/support/browser';
import { startFixtureServer } from '../test/support/fixture-server';
import { installProbe, waitForProbe, readProbe } from './bench/page-probe';
const server = await startFixtureServer({ scenario: 'luigi', latencyMs: 150 });
const b = await launchBrowser({ server, extensionPath: '/tmp/benchdev/dbg/chrome-mv3' });
const load = async () => { const p = await b.newPage(); await installProbe(p); await p.goto('https://pypi.org/project/luigi/', { waitUntil: 'domcontentloaded' }); await waitForProbe(p, (m) => m.panelPaint !== null); const r = await readProbe(p); await p.close(); return r; };
await load(); await load();
const w = await b.serviceWorker();
await w.evaluate(() => {
  const g = globalThis as any; g.__log = [];
  const area = g.chrome.storage.local;
  for (const m of ['get', 'set', 'remove', 'getBytesInUse']) {
    const orig = area[m].bind(area);
    area[m] = (...args: any[]) => { const t0 = performance.now(); const p = orig(...args); const key = typeof args[0] === 'string' ? args[0] : Array.isArray(args[0]) ? args[0].join(',') : args[0] === null || args[0] === undefined ? 'ALL' : Object.keys(args[0]).join(','); const sz = m === 'set' ? JSON.stringify(args[0]).length : 0; Promise.resolve(p).then((v: any) => g.__log.push({ m, key: key.slice(0, 80), t0: Math.round(t0), ms: Math.round(performance.now() - t0), sz, out: m === 'get' ? JSON.stringify(v ?? {}).length : 0 })); return p; };
  }
  const om = g.chrome.runtime.onMessage; g.__t0 = performance.now();
});
const r = await load();
console.log('badge after DCL', Math.round(r.badgePaint! - r.domContentLoaded));
const log = await w.evaluate(() => ({ log: (globalThis as any).__log, t0: (globalThis as any).__t0, origin: performance.timeOrigin }));
const pageDcl = r.timeOrigin + r.domContentLoaded;
for (const e of log.log) console.log(String(Math.round(log.origin + e.t0 - pageDcl)).padStart(6), String(e.ms).padStart(5), e.m, e.key, e.sz || '', e.out || '');
await b.close(); await server.close();
