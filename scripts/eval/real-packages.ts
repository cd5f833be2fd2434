// Real benign code for the code-check figures: every importable module of every package of this machine's
// Python (its standard library and site/dist-packages, found at run time, never committed), each module's
// module-level code scanned as what runs when it is imported. The extension reads only top-level modules and
// package __init__.py files at import; reading every module as one is the harsher test of the checks.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanDistribution } from '../../utils/analysis/code-scan';
import { MAX_ENTRY_BYTES, MAX_READ_ENTRIES } from '../../utils/analysis/code-scan/archive';
import type { CodeFinding } from '../../utils/contract/report';
import { metaFor, syntheticWheel } from '../../test/unit/utils/analysis/code-scan/synthetic-archives';

export type LibraryDir = { kind: 'stdlib' | 'site'; dir: string };
export type RealPackage = { name: string; kind: LibraryDir['kind']; dir: string; modules: { rel: string; file: string }[] };
export type PackageScan = { pkg: RealPackage; hits: { rel: string; finding: CodeFinding }[] };

/** Debian's own Python libraries, when this machine has them (site.getsitepackages() of another Python may not list it). */
const DIST_PACKAGES = '/usr/lib/python3/dist-packages';
/** Stdlib folders that are not importable library code: the test suite, IDLE, demos, the build's own. */
const NOT_STDLIB_LIBRARY =
  /^(?:test|tests|idlelib|lib2to3|turtledemo|ensurepip|site-packages|dist-packages|__pycache__|__phello__|config-.*|this|antigravity)$/;
/** Test and benchmark folders and files inside a package: importable, but the package's tests, not its library. */
const TEST_FOLDER = /^(?:tests?|testing_data|benchmarks?|__pycache__)$/;
const TEST_FILE = /^(?:test_\w+|\w+_test|conftest)\.py$/;
/** Modules scanned per package: the largest installs here (cfnlint 2,300, moto 1,450) fit; a flood would not. */
export const MAX_MODULES_PER_PACKAGE = 3_000;
/** Modules per packed wheel: under the archive reader's entry cap, so no module is left unread. */
const MODULES_PER_WHEEL = Math.min(800, MAX_READ_ENTRIES - 10);
/** Bytes per packed wheel: under the reader's 16 MB total with room to spare. */
const BYTES_PER_WHEEL = 12 * 1024 * 1024;

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** The stdlib and every site/dist-packages folder of this machine's python3, as it reports them. */
export function libraryDirs(): LibraryDir[] {
  let found: { stdlib: string; site: string[] };
  try {
    found = JSON.parse(
      execFileSync(
        'python3',
        [
          '-c',
          "import json, site, sysconfig; print(json.dumps({'stdlib': sysconfig.get_paths()['stdlib'], 'site': site.getsitepackages()}))",
        ],
        { encoding: 'utf8' },
      ),
    ) as { stdlib: string; site: string[] };
  } catch {
    return [];
  }
  const sites = [...new Set([...found.site, DIST_PACKAGES])].filter((dir) => existsSync(dir));
  return [{ kind: 'stdlib', dir: found.stdlib }, ...sites.map((dir) => ({ kind: 'site' as const, dir }))];
}

/** Every .py file under a package folder that `import pkg.sub.mod` could load, tests left out. */
function modulesUnder(root: string, rel: string, out: { rel: string; file: string }[]): void {
  let entries: string[];
  try {
    entries = readdirSync(join(root, rel)).sort();
  } catch {
    return;
  }
  for (const entry of entries) {
    if (out.length >= MAX_MODULES_PER_PACKAGE) return;
    const path = `${rel}/${entry}`;
    const full = join(root, path);
    let stat;
    try {
      stat = statSync(full);
    } catch {
      continue;
    }
    if (stat.isDirectory()) {
      if (IDENTIFIER.test(entry) && !TEST_FOLDER.test(entry)) modulesUnder(root, path, out);
    } else if (entry.endsWith('.py') && IDENTIFIER.test(entry.slice(0, -3)) && !TEST_FILE.test(entry) && entry !== '__main__.py') {
      if (stat.size <= MAX_ENTRY_BYTES) out.push({ rel: path, file: full });
    }
  }
}

/** The importable packages of one library folder: top-level modules, and folders holding modules. */
export function packagesIn({ kind, dir }: LibraryDir): RealPackage[] {
  if (!existsSync(dir)) return [];
  const packages: RealPackage[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = join(dir, entry);
    const name = entry.replace(/\.py$/, '');
    if (!IDENTIFIER.test(name) || (kind === 'stdlib' && NOT_STDLIB_LIBRARY.test(name))) continue;
    if (entry.endsWith('.py')) {
      if (statSync(full).isFile()) packages.push({ name, kind, dir, modules: [{ rel: entry, file: full }] });
      continue;
    }
    if (!statSync(full).isDirectory() || TEST_FOLDER.test(entry)) continue;
    const modules: { rel: string; file: string }[] = [];
    modulesUnder(dir, entry, modules);
    if (modules.length > 0) packages.push({ name, kind, dir, modules });
  }
  return packages;
}

/**
 * Where a module goes in the packed wheel so the scanner reads it as import-time code: a package's own
 * __init__.py stays; every other module becomes a top-level module named after its path (a/b/c.py → a__b__c.py).
 */
function wheelPath(rel: string): string {
  if (/^[^/]+\/__init__\.py$/.test(rel) || !rel.includes('/')) return rel;
  return `${rel
    .replace(/\/__init__\.py$/, '.py')
    .slice(0, -3)
    .replace(/\//g, '__')}.py`;
}

const alarm = (f: CodeFinding) => (f.level === 'caution' || f.level === 'danger') && f.runs === 'import';

/** Scans every module of a package (in wheels of at most MODULES_PER_WHEEL modules) and keeps the caution+ import-time findings. */
export async function scanPackage(pkg: RealPackage): Promise<PackageScan> {
  const hits: PackageScan['hits'] = [];
  const byWheelPath = new Map(pkg.modules.map((m) => [wheelPath(m.rel), m.rel]));
  for (let from = 0; from < pkg.modules.length; ) {
    const files: Record<string, Uint8Array> = {};
    let bytes = 0;
    let to = from;
    while (to < pkg.modules.length && to - from < MODULES_PER_WHEEL) {
      const data = readFileSync(pkg.modules[to]!.file);
      if (to > from && bytes + data.length > BYTES_PER_WHEEL) break;
      files[wheelPath(pkg.modules[to]!.rel)] = data;
      bytes += data.length;
      to += 1;
    }
    const wheel = syntheticWheel(files);
    const { findings } = await scanDistribution(wheel, metaFor(`${pkg.name}-0-py3-none-any.whl`, pkg.name, '0', wheel.length));
    for (const f of findings) if (alarm(f)) hits.push({ rel: byWheelPath.get(f.path ?? '') ?? f.path ?? '', finding: f });
    from = to;
  }
  return { pkg, hits };
}

/** Every package of every library folder, the first of each name kept (the order Python's path would find them). */
export function realPackages(): RealPackage[] {
  const seen = new Set<string>();
  const out: RealPackage[] = [];
  for (const dir of libraryDirs()) {
    for (const pkg of packagesIn(dir)) {
      const key = `${pkg.kind}:${pkg.name.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(pkg);
    }
  }
  return out;
}
