// `npm run bench`: what the user feels, against the physical limit. Builds the extension (Chrome and
// Firefox, zipped), then drives it in Chromium against the local fixture server with a fixed latency
// per upstream host, and prints one table: every figure with its goal and pass / falls short. Timings
// are the median of --runs runs (default 5) with min and max. Writes bench/results.json.
//
//   npm run bench -- [--runs 5] [--latency 150] [--no-build] [--out-dir .output] [--only a,b] [--markdown]
//   (env: BENCH_RUNS, BENCH_LATENCY_MS, BENCH_OUT_DIR)
//   --only: any of sizes, project, wake, search, memory, working-set, panel, script, extras
//
// Not a test: nothing here fails a build. See docs/bench.md for what each figure means.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, type LaunchedBrowser } from '../test/support/browser';
import { startFixtureServer, type FixtureServer } from '../test/support/fixture-server';
import { projectRoot } from '../test/support/fixtures';
import { benchExtras } from './bench/extras';
import { formatMarkdown, formatTable, missing, type Figure } from './bench/figures';
import { benchMemory, benchWorkingSet } from './bench/memory';
import { benchProjectPage } from './bench/project-page';
import { benchScanContention } from './bench/scan-contention';
import { benchSearchPage } from './bench/search-page';
import { benchPanelHeight } from './bench/panel-height';
import { benchWorkerStart } from './bench/worker-start';
import { profileProjectLoad } from './bench/profile';
import { traceColdLoad } from './bench/trace-load';
import { summariseStarts, traceWorkerStart } from './bench/start-profile';
import { groupedSizes } from './bench/source-map';
import { registerCjsNamedExports } from './bench/node-interop';
import { buildAndZip, measureSizes } from './bench/sizes';

const PARTS = ['sizes', 'project', 'wake', 'search', 'memory', 'working-set', 'panel', 'script', 'extras'] as const;
type Part = (typeof PARTS)[number];

function parseArgs(argv: string[]) {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const number = (raw: string | undefined, fallback: number, min: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < min) throw new Error(`expected a number ≥ ${min}, got ${raw}`);
    return n;
  };
  const only = value('--only')
    ?.split(',')
    .map((s) => s.trim()) ?? [...PARTS];
  for (const part of only)
    if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only: unknown part "${part}" (${PARTS.join(', ')})`);
  return {
    runs: number(value('--runs') ?? process.env.BENCH_RUNS, 5, 5),
    latencyMs: number(value('--latency') ?? process.env.BENCH_LATENCY_MS, 150, 0),
    build: !argv.includes('--no-build'),
    outDir: value('--out-dir') ?? process.env.BENCH_OUT_DIR ?? '.output',
    only: new Set(only as Part[]),
    markdown: argv.includes('--markdown'),
    /** `--profile [luigi|requests]`: CPU profiles of one load per case instead of the figures. */
    trace: argv.includes('--trace') ? (value('--trace')?.startsWith('-') ? 'luigi' : (value('--trace') ?? 'luigi')) : null,
    profile: argv.includes('--profile') ? (value('--profile')?.startsWith('-') ? 'luigi' : (value('--profile') ?? 'luigi')) : null,
    /** `--profile-start [luigi]`: a sleeping worker's start in phases, from traces (scripts/bench/start-profile.ts). */
    profileStart: argv.includes('--profile-start')
      ? value('--profile-start')?.startsWith('-')
        ? 'luigi'
        : (value('--profile-start') ?? 'luigi')
      : null,
    /** `--modules`: background.js's bytes by package / file, from its source map (build with PYPI_TRUST_SOURCEMAP=1). */
    modules: argv.includes('--modules'),
  };
}

async function profile(scenario: string, latencyMs: number, outDir: string) {
  const server = await startFixtureServer({ scenario, latencyMs });
  const browser = await launchBrowser({
    server,
    extensionPath: join(resolve(projectRoot, outDir), 'chrome-mv3'),
    args: ['--remote-debugging-port=0'],
  });
  try {
    const url = `https://pypi.org/project/${scenario}/`;
    const results = [];
    for (const c of [
      { cache: 'cold', workerAsleep: false },
      { cache: 'cold', workerAsleep: true },
      { cache: 'warm', workerAsleep: false },
    ] as const) {
      // One unmeasured load first, so "awake" means a worker that has served a page.
      if (!c.workerAsleep) await profileProjectLoad(browser, server, url, c);
      const result = await profileProjectLoad(browser, server, url, c);
      results.push(result);
      console.log(JSON.stringify(result, null, 1));
    }
    mkdirSync(join(projectRoot, 'bench'), { recursive: true });
    writeFileSync(join(projectRoot, 'bench', `profile-${scenario}.json`), JSON.stringify(results, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}

async function profileStart(scenario: string, latencyMs: number, outDir: string, runs: number) {
  const server = await startFixtureServer({ scenario, latencyMs });
  const browser = await launchBrowser({ server, extensionPath: join(resolve(projectRoot, outDir), 'chrome-mv3') });
  try {
    const url = `https://pypi.org/project/${scenario}/`;
    // One unmeasured start first: Chromium's own first-run costs are not ours.
    await traceWorkerStart(browser, server, url);
    const samples = [];
    for (let i = 0; i < runs; i++) {
      const phases = await traceWorkerStart(browser, server, url);
      if (phases) samples.push(phases);
    }
    const summary = { loadAverage: loadavg()[0], ...summariseStarts(samples) };
    console.log(JSON.stringify(summary, null, 1));
    mkdirSync(join(projectRoot, 'bench'), { recursive: true });
    writeFileSync(join(projectRoot, 'bench', `profile-start-${scenario}.json`), JSON.stringify({ summary, samples }, null, 2));
  } finally {
    await browser.close();
    await server.close();
  }
}

function modules(outDir: string) {
  for (const build of ['chrome-mv3', 'firefox-mv2']) {
    const bundle = join(resolve(projectRoot, outDir), build, 'background.js');
    const sizes = groupedSizes(bundle);
    if (!sizes) {
      console.log(`${bundle}: no source map (build with PYPI_TRUST_SOURCEMAP=1)`);
      continue;
    }
    const total = sizes.reduce((s, r) => s + r.bytes, 0);
    console.log(`${build}/background.js: ${(total / 1024).toFixed(1)} KB by module`);
    for (const { group, bytes } of sizes.slice(0, 40)) console.log(`${(bytes / 1024).toFixed(1).padStart(8)} KB  ${group}`);
  }
}

async function trace(scenario: string, latencyMs: number, outDir: string) {
  const server = await startFixtureServer({ scenario, latencyMs });
  const browser = await launchBrowser({ server, extensionPath: join(resolve(projectRoot, outDir), 'chrome-mv3') });
  try {
    mkdirSync(join(projectRoot, 'bench'), { recursive: true });
    const out = join(projectRoot, 'bench', `trace-${scenario}.json`);
    const probe = await traceColdLoad(browser, server, `https://pypi.org/project/${scenario}/`, out);
    console.log(`trace: ${out}`);
    console.log(
      JSON.stringify({
        domContentLoaded: probe.domContentLoaded,
        badgePaint: probe.badgePaint,
        panelPaint: probe.panelPaint,
        timeOrigin: probe.timeOrigin,
      }),
    );
  } finally {
    await browser.close();
    await server.close();
  }
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const loadAtStart = loadavg()[0]!;
  const figures: Figure[] = [];
  const raw: Record<string, unknown> = {};
  const step = async (label: string, run: () => Promise<void>) => {
    const t0 = Date.now();
    console.log(`▶ ${label}`);
    try {
      await run();
    } catch (error) {
      console.error(`  ${label} failed:`, error);
      figures.push(missing(label, 'step', `failed: ${String(error).slice(0, 300)}`));
    }
    console.log(`  ${label}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  };

  if (args.build) await step('build', async () => buildAndZip(args.outDir));
  if (args.modules) return modules(args.outDir);
  if (args.profileStart) return profileStart(args.profileStart, args.latencyMs, args.outDir, args.runs);
  if (args.profile) return profile(args.profile, args.latencyMs, args.outDir);
  if (args.trace) return trace(args.trace, args.latencyMs, args.outDir);
  if (args.only.has('sizes')) {
    await step('sizes', async () => {
      const { figures: f, details } = measureSizes(args.outDir);
      figures.push(...f);
      raw.sizes = details;
    });
  }
  if (args.only.has('extras')) {
    await step('extras', async () => {
      const r = await benchExtras(args.runs);
      figures.push(...r.figures);
      raw.extras = r.raw;
    });
  }

  let chromiumVersion: string | null = null;
  const needsBrowser = ['project', 'wake', 'search', 'memory', 'working-set', 'panel'].some((p) => args.only.has(p as Part));
  if (needsBrowser) {
    let server: FixtureServer | null = null;
    let browser: LaunchedBrowser | null = null;
    try {
      server = await startFixtureServer({ scenario: 'luigi', latencyMs: args.latencyMs });
      browser = await launchBrowser({ server, extensionPath: join(resolve(projectRoot, args.outDir), 'chrome-mv3') });
      chromiumVersion = browser.context.browser()?.version() ?? null;
      const b = browser;
      const s = server;
      if (args.only.has('project')) {
        await step('project page (luigi)', async () => {
          const r = await benchProjectPage(b, s, {
            scenario: 'luigi',
            url: 'https://pypi.org/project/luigi/',
            label: 'luigi',
            runs: args.runs,
            primary: true,
          });
          figures.push(...r.figures);
          raw.projectLuigi = r.raw;
        });
        await step('project page (requests)', async () => {
          const r = await benchProjectPage(b, s, {
            scenario: 'requests',
            url: 'https://pypi.org/project/requests/',
            label: 'requests',
            runs: args.runs,
            primary: false,
          });
          figures.push(...r.figures);
          raw.projectRequests = r.raw;
        });
        await step('badge while an archive scans', async () => {
          const r = await benchScanContention(b, s, { runs: args.runs });
          figures.push(...r.figures);
          raw.scanContention = r.raw;
        });
      }
      if (args.only.has('wake')) {
        await step('worker start', async () => {
          const r = await benchWorkerStart(b, s, { runs: args.runs, scenario: 'luigi', url: 'https://pypi.org/project/luigi/' });
          figures.push(...r.figures);
          raw.workerStart = r.raw;
        });
      }
      if (args.only.has('search')) {
        await step('search page', async () => {
          const r = await benchSearchPage(b, s, { runs: args.runs });
          figures.push(...r.figures);
          raw.search = r.raw;
        });
      }
      if (args.only.has('memory')) {
        await step('memory', async () => {
          const r = await benchMemory(b, s);
          figures.push(...r.figures);
          raw.memory = r.raw;
        });
      }
      if (args.only.has('panel')) {
        await step('panel at a glance', async () => {
          const r = await benchPanelHeight(b, s);
          figures.push(...r.figures);
          raw.panelHeight = r.raw;
        });
      }
      if (args.only.has('working-set')) {
        await step('working set', async () => {
          const r = await benchWorkingSet(b, s, args.latencyMs);
          figures.push(...r.figures);
          raw.workingSet = r.raw;
        });
      }
    } finally {
      await browser?.close();
      await server?.close();
    }
  }
  // Last: it installs happy-dom's window/document as globals in this process.
  if (args.only.has('script')) {
    await step('script time', async () => {
      // The background's code imports a UMD package by name; see node-interop.ts.
      registerCjsNamedExports(['ae-cvss-calculator']);
      const { benchScriptTime } = await import('./bench/script-time');
      const r = await benchScriptTime(args.runs);
      figures.push(...r.figures);
      raw.scriptTime = r.raw;
    });
  }

  const environment = {
    date: new Date().toISOString(),
    node: process.version,
    chromium: chromiumVersion,
    cpu: `${cpus().length} × ${cpus()[0]?.model ?? '?'}`,
    runs: args.runs,
    latencyMs: args.latencyMs,
    seconds: Math.round((Date.now() - started) / 1000),
    /** 1-minute load average at start and end: timings on a busy machine are slower and noisier. */
    load: [Number(loadAtStart.toFixed(2)), Number(loadavg()[0]!.toFixed(2))],
  };
  console.log(
    `\nPyPI Trust Panel bench — latency ${args.latencyMs} ms per upstream request, ${args.runs} runs, ` +
      `Chromium ${chromiumVersion ?? '?'}, ${environment.cpu}, load ${environment.load.join(' → ')}\n`,
  );
  console.log(formatTable(figures));
  if (args.markdown) console.log(`\n${formatMarkdown(figures)}`);
  const short = figures.filter((f) => f.status === 'fall-short');
  const unmeasured = figures.filter((f) => f.status === 'not-measured');
  console.log(
    `\n${figures.filter((f) => f.status === 'pass').length} pass, ${short.length} fall short, ` +
      `${unmeasured.length} not measured, ${figures.filter((f) => f.status === 'info').length} info — in ${environment.seconds} s`,
  );

  const out = join(projectRoot, 'bench', 'results.json');
  mkdirSync(join(projectRoot, 'bench'), { recursive: true });
  writeFileSync(out, `${JSON.stringify({ environment, figures, raw }, null, 2)}\n`);
  console.log(`Wrote ${out}`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
