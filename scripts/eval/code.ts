// Code-check figures of `npm run eval`: the malicious statements of test/fixtures/eval/code-malicious.json
// packed at run time as an sdist's setup.py and as a wheel's pkg/__init__.py, the benign look-alikes of
// code-benign.json packed the same way, and this machine's Python standard library packed as one wheel
// per importable module, all scanned through scanDistribution (the public entry point).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanDistribution } from '../../utils/analysis/code-scan';
import type { CodeFinding } from '../../utils/contract/report';
import { metaFor, syntheticSdist, syntheticWheel } from '../../test/unit/utils/analysis/code-scan/synthetic-archives';
import { share, type EvalFigure } from './figures';
import { libraryDirs, realPackages, scanPackage, type PackageScan } from './real-packages';

type Placement = 'setup.py' | '__init__.py';
type Item = { id: string; code: string; family?: string; added?: string; source?: string; note?: string; placements?: Placement[] };
const corpus = (file: string): Item[] => (JSON.parse(readFileSync(join('test/fixtures/eval', file), 'utf8')) as { items: Item[] }).items;

/** Standard-library modules packed as wheels: enough to be a corpus, few enough that eval stays near a minute. */
const MAX_STDLIB_MODULES = 400;
/** Folders and modules of the stdlib that are not importable library code (tests, demos, the build's own). */
const NOT_LIBRARY =
  /^(?:test|tests|idlelib|lib2to3|turtledemo|ensurepip|site-packages|dist-packages|__pycache__|__phello__|config-.*|this|antigravity)$/;

const alarm = (f: CodeFinding) => f.level === 'caution' || f.level === 'danger';

async function scanAs(placement: Placement, code: string): Promise<CodeFinding[]> {
  if (placement === 'setup.py') {
    const sdist = await syntheticSdist('evalpkg', '1.0', { 'setup.py': `${code}\nfrom setuptools import setup\nsetup(name="evalpkg")\n` });
    return (await scanDistribution(sdist, metaFor('evalpkg-1.0.tar.gz', 'evalpkg', '1.0', sdist.length))).findings;
  }
  const wheel = syntheticWheel({ 'pkg/__init__.py': code, 'evalpkg-1.0.dist-info/METADATA': 'Name: evalpkg\nVersion: 1.0\n' });
  return (await scanDistribution(wheel, metaFor('evalpkg-1.0-py3-none-any.whl', 'evalpkg', '1.0', wheel.length))).findings;
}

/** This machine's Debian-packaged Python libraries (what `apt install python3-…` put there), when present. */
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';

/** Importable stdlib modules: top-level .py files and packages with an __init__.py, by name. */
function stdlibModules(): { name: string; path: string; file: string }[] {
  let dir: string;
  try {
    dir = execFileSync('python3', ['-c', "import sysconfig; print(sysconfig.get_paths()['stdlib'])"], { encoding: 'utf8' }).trim();
  } catch {
    return [];
  }
  return importableModules(dir);
}

/** Top-level .py files and packages with an __init__.py in `dir`, by name: what `import name` runs. */
function importableModules(dir: string): { name: string; path: string; file: string }[] {
  if (!existsSync(dir)) return [];
  const modules: { name: string; path: string; file: string }[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const name = entry.replace(/\.py$/, '');
    if (NOT_LIBRARY.test(name) || !/^[A-Za-z_]\w*$/.test(name)) continue;
    if (entry.endsWith('.py') && statSync(full).isFile()) modules.push({ name, path: `${name}.py`, file: full });
    else if (existsSync(join(full, '__init__.py'))) modules.push({ name, path: `${name}/__init__.py`, file: join(full, '__init__.py') });
    if (modules.length >= MAX_STDLIB_MODULES) break;
  }
  return modules;
}

export async function evaluateCode(): Promise<{ figures: EvalFigure[]; examples: { title: string; lines: string[] }[] }> {
  const malicious = corpus('code-malicious.json');
  const benign = corpus('code-benign.json');
  const figures: EvalFigure[] = [];
  const examples: { title: string; lines: string[] }[] = [];
  // Items added on one date, by family: measured as they came (what the checks of that day caught), the
  // closest this corpus has to an independent measure.
  const byFamily = new Map<string, { items: number; caught: Record<Placement, number> }>();
  for (const placement of ['setup.py', '__init__.py'] as const) {
    const missed: string[] = [];
    for (const item of malicious) {
      const caught = (await scanAs(placement, item.code)).some(alarm);
      if (!caught) missed.push(item.id);
      if (!item.added) continue;
      const key = `${item.added} ${item.family ?? 'other'}`;
      const row = byFamily.get(key) ?? { items: 0, caught: { 'setup.py': 0, '__init__.py': 0 } };
      if (placement === 'setup.py') row.items += 1;
      if (caught) row.caught[placement] += 1;
      byFamily.set(key, row);
    }
    const where = placement === 'setup.py' ? "an sdist's setup.py" : "a wheel's pkg/__init__.py";
    figures.push(
      share('code', `malicious flagged caution+ in ${where}`, malicious.length - missed.length, malicious.length, {
        op: '>=',
        target: 0.9,
      }),
    );
    examples.push({ title: `Malicious statements missed in ${where}`, lines: missed });
  }
  examples.push({
    title: 'Items added on a date, by family: caught caution+ in setup.py / in __init__.py',
    lines: [...byFamily].map(([key, r]) => `${key}: ${r.caught['setup.py']}/${r.items} / ${r.caught['__init__.py']}/${r.items}`),
  });
  const flagged: string[] = [];
  let scans = 0;
  const benignByFamily = new Map<string, { scans: number; flagged: number }>();
  for (const item of benign) {
    for (const placement of item.placements ?? ['setup.py', '__init__.py']) {
      scans += 1;
      const hits = (await scanAs(placement, item.code)).filter(alarm);
      if (hits.length > 0) flagged.push(`${item.id} (${placement}): ${hits.map((f) => `${f.level} ${f.check}`).join(', ')}`);
      if (!item.added) continue;
      const key = `${item.added} ${item.family ?? 'other'}`;
      const row = benignByFamily.get(key) ?? { scans: 0, flagged: 0 };
      row.scans += 1;
      if (hits.length > 0) row.flagged += 1;
      benignByFamily.set(key, row);
    }
  }
  examples.push({
    title: 'Benign look-alikes added on a date, by family: scans flagged caution+',
    lines: [...benignByFamily].map(([key, r]) => `${key}: ${r.flagged}/${r.scans}`),
  });
  figures.push(
    share('code', 'benign look-alikes flagged caution+ (each in its placements)', flagged.length, scans, { op: '<=', target: 0.1 }),
  );
  examples.push({ title: 'Benign look-alikes flagged', lines: flagged });

  const modules = stdlibModules();
  const noisy: string[] = [];
  for (const m of modules) {
    const wheel = syntheticWheel({ [m.path]: readFileSync(m.file) });
    const { findings } = await scanDistribution(wheel, metaFor(`${m.name}-0-py3-none-any.whl`, m.name, '0', wheel.length));
    const hits = findings.filter((f) => alarm(f) && f.runs === 'import');
    if (hits.length > 0) noisy.push(`${m.path}: ${hits.map((f) => `${f.level} ${f.check} line ${f.line}`).join(', ')}`);
  }
  figures.push(
    share(
      'code',
      'stdlib modules with a caution+ import-time finding',
      noisy.length,
      modules.length,
      { op: '<=', target: 0.01 },
      `this machine's python3 stdlib, ${modules.length} modules packed as wheels`,
    ),
  );
  examples.push({ title: 'Standard-library modules flagged at import', lines: noisy });

  // Real third-party code: each importable package of dist-packages, its import-time file packed as a wheel.
  const packages = importableModules(DIST_PACKAGES);
  const flaggedPackages: string[] = [];
  for (const m of packages) {
    const wheel = syntheticWheel({ [m.path]: readFileSync(m.file) });
    const { findings } = await scanDistribution(wheel, metaFor(`${m.name}-0-py3-none-any.whl`, m.name, '0', wheel.length));
    const hits = findings.filter((f) => alarm(f) && f.runs === 'import');
    if (hits.length > 0)
      flaggedPackages.push(`${m.path}: ${hits.map((f) => `${f.level} ${f.check} line ${f.line}: ${f.excerpt?.slice(0, 80)}`).join('; ')}`);
  }
  figures.push(
    share(
      'code',
      'dist-packages packages with a caution+ import-time finding',
      flaggedPackages.length,
      packages.length,
      { op: '<=', target: 0.01 },
      packages.length > 0
        ? `${DIST_PACKAGES}, ${packages.length} importable packages packed as wheels`
        : `${DIST_PACKAGES} not on this machine`,
    ),
  );
  figures.push(
    share(
      'code',
      'real benign packages (stdlib + dist-packages) with any caution+ import-time finding',
      noisy.length + flaggedPackages.length,
      modules.length + packages.length,
      { op: '<=', target: 0.01 },
    ),
  );
  examples.push({ title: 'dist-packages packages flagged at import', lines: flaggedPackages });

  // Every importable module of every package (stdlib and site/dist-packages), each read as import-time code.
  const started = performance.now();
  const scansByKind = { stdlib: [] as PackageScan[], site: [] as PackageScan[] };
  for (const pkg of realPackages()) scansByKind[pkg.kind].push(await scanPackage(pkg));
  const seconds = (performance.now() - started) / 1000;
  const all = [...scansByKind.stdlib, ...scansByKind.site];
  const moduleCount = (scans: PackageScan[]) => scans.reduce((n, s) => n + s.pkg.modules.length, 0);
  const flaggedOf = (scans: PackageScan[]) => scans.filter((s) => s.hits.length > 0);
  for (const [kind, label] of [
    ['stdlib', 'stdlib packages, every module,'],
    ['site', 'site/dist-packages packages, every module,'],
  ] as const) {
    const scans = scansByKind[kind];
    figures.push(
      share(
        'code',
        `${label} with a caution+ import-time finding`,
        flaggedOf(scans).length,
        scans.length,
        { op: '<=', target: 0.01 },
        `${moduleCount(scans)} modules`,
      ),
    );
  }
  figures.push(
    share(
      'code',
      'real benign packages, every module, with any caution+ import-time finding',
      flaggedOf(all).length,
      all.length,
      { op: '<=', target: 0.01 },
      `${moduleCount(all)} modules of this machine's python3 (${libraryDirs()
        .map((d) => d.dir)
        .join(', ')}), scanned in ${seconds.toFixed(0)} s`,
    ),
  );
  examples.push({
    title: 'Real packages (every module) flagged at import, by package',
    lines: flaggedOf(all).map(
      (s) =>
        `${s.pkg.kind} ${s.pkg.name}: ${s.hits
          .slice(0, 4)
          .map(
            (h) =>
              `${h.finding.level} ${h.finding.check} ${h.rel}:${h.finding.line} ${JSON.stringify((h.finding.excerpt ?? '').slice(0, 90))}`,
          )
          .join('; ')}${s.hits.length > 4 ? ` (+${s.hits.length - 4} more)` : ''}`,
    ),
  });
  return { figures, examples };
}
