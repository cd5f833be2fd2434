// `npm run bench -- --trace [luigi|requests]`: a Chrome trace (devtools.timeline + V8's sampling profiler)
// of one cold-cache project-page load whose service worker must start, written to bench/trace-<name>.json
// (open it in DevTools' Performance panel or ui.perfetto.dev). Unlike --profile, it sees the worker's
// start-up from its first line. For finding causes; it prints, never asserts.
import { writeFileSync } from 'node:fs';
import type { LaunchedBrowser } from '../../test/support/browser';
import type { FixtureServer } from '../../test/support/fixture-server';
import { installProbe, readProbe, waitForProbe } from './page-probe';
import { resetExtension } from './worker';

export async function traceColdLoad(browser: LaunchedBrowser, server: FixtureServer, url: string, out: string, workerAsleep = true) {
  // One load first, so Chromium's own first-run costs are not in the trace.
  const warm = await browser.newPage();
  await warm.goto(url);
  await warm.waitForTimeout(1500);
  await warm.close();
  await resetExtension(browser, { stopWorker: workerAsleep });
  const page = await browser.newPage();
  await installProbe(page);
  const host = browser.context.browser()!;
  await host.startTracing(undefined, {
    // BENCH_TRACE_NO_SAMPLES=1: without V8's sampler, whose start-up adds ≈ 100 ms to the worker's evaluation.
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', ...(process.env.BENCH_TRACE_NO_SAMPLES ? [] : ['disabled-by-default-v8.cpu_profiler']), 'blink.user_timing', 'loading', 'netlog'],
  });
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  await waitForProbe(page, (m) => m.badgePaint !== null && m.panelPaint !== null);
  await page.waitForTimeout(200);
  const probe = await readProbe(page);
  writeFileSync(out, await host.stopTracing());
  await page.close();
  return probe;
}
