// Bytes of one distribution in, what it would run at install (or at every Python start) out. Pure:
// no network, no storage, no clock, so it is tested on archives built in the test and benchmarked alone.
import type { CodeFinding, DistributionFile, ScannedDistribution } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { safeHttpsUrl } from '../../lib/safe-url';
import { archiveKind, readArchive, textOf, type ArchiveEntry } from './archive';
import { scanPython, type LineFinding } from './setup-py';
import { scanDataScript, scanPth, shadowedModules, wheelLayout } from './wheel';

export type DistributionMeta = Pick<DistributionFile, 'filename' | 'url' | 'packageType' | 'sha256' | 'size'> & {
  /** The project name and version, for links to inspector.pypi.io. */
  project: string;
  version: string;
};

export type DistributionScan = { distribution: ScannedDistribution; findings: CodeFinding[] };

/** Build hooks other than setup.py that build backends run from the sdist's top folder. */
const HOOK_FILES = new Set(['setup.py', 'hatch_build.py', 'pdm_build.py']);

export async function scanDistribution(bytes: Uint8Array, meta: DistributionMeta): Promise<DistributionScan> {
  const inspectorBase = inspectorFileUrl(meta);
  const base: ScannedDistribution = {
    filename: meta.filename,
    packageType: meta.packageType,
    size: meta.size,
    sha256: meta.sha256,
    state: 'scanned',
    error: null,
    entryCount: 0,
    checkedPaths: [],
    inspectorUrl: inspectorBase,
  };
  const kind = archiveKind(meta.filename);
  if (!kind) return failed(base, `${meta.filename} is not a zip or tar archive we can read`);
  const isWheel = meta.filename.toLowerCase().endsWith('.whl');
  const archive = await readArchive(bytes, kind, isWheel ? wantFromWheel : wantFromSdist);
  if ('error' in archive) return failed(base, `${meta.filename} ${archive.error}`);

  const { findings, checkedPaths } = isWheel
    ? scanWheelEntries(meta.project, archive.entries)
    : scanSdistEntries(meta.project, archive.entries);
  return {
    distribution: { ...base, entryCount: archive.entries.length, checkedPaths },
    findings: findings.map((f) => toCodeFinding(f, meta, inspectorBase)),
  };
}

function failed(base: ScannedDistribution, message: string): DistributionScan {
  return { distribution: { ...base, state: 'error', error: { kind: 'malformed', message } }, findings: [] };
}

// ---------------------------------------------------------------- sdists

/** Everything a build hook could be: Python files near the top, pyproject.toml, and .pth files. */
function wantFromSdist(path: string): boolean {
  const depth = path.split('/').length;
  return (path.endsWith('.py') && depth <= 4) || (path.endsWith('pyproject.toml') && depth <= 2) || path.endsWith('.pth');
}

/** The folder every entry sits in ("foo-1.0/"), or "" when the sdist has none. */
function sdistRoot(entries: ArchiveEntry[]): string {
  const first = entries[0]?.path.split('/')[0];
  return first && entries.every((e) => e.path.startsWith(`${first}/`)) ? `${first}/` : '';
}

/** The files of an sdist that run when pip builds it: setup.py, what it imports from beside it, in-tree backends. */
export function buildHookPaths(entries: ArchiveEntry[]): string[] {
  const root = sdistRoot(entries);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const hooks = new Set<string>();
  for (const name of HOOK_FILES) if (byPath.get(`${root}${name}`)?.data) hooks.add(`${root}${name}`);

  const pyproject = byPath.get(`${root}pyproject.toml`);
  const toml = pyproject ? textOf(pyproject) : '';
  // In-tree build backends (PEP 517 backend-path) and build scripts named in pyproject.toml.
  const backendPaths = /backend-path\s*=\s*\[([^\]]*)\]/.exec(toml)?.[1]?.match(/["']([^"']+)["']/g) ?? [];
  for (const quoted of backendPaths) {
    const dir = quoted
      .slice(1, -1)
      .replace(/^\.\/?/, '')
      .replace(/\/$/, '');
    const prefix = `${root}${dir ? `${dir}/` : ''}`;
    for (const e of entries)
      if (e.data && e.path.startsWith(prefix) && e.path.endsWith('.py') && (dir || !e.path.slice(prefix.length).includes('/')))
        hooks.add(e.path);
  }
  for (const match of toml.matchAll(/^\s*(?:script|build)\s*=\s*["']([\w./-]+\.py)["']/gm)) {
    if (byPath.get(`${root}${match[1]}`)?.data) hooks.add(`${root}${match[1]}`);
  }
  // Modules setup.py imports from its own folder (versioneer.py, ez_setup.py, setupbase.py…) run with it.
  const setupPy = byPath.get(`${root}setup.py`);
  if (setupPy?.data) {
    for (const match of textOf(setupPy).matchAll(/^\s*(?:from\s+([A-Za-z_]\w*)\S*\s+import|import\s+([A-Za-z_]\w*))/gm)) {
      const module = match[1] ?? match[2]!;
      for (const candidate of [`${root}${module}.py`, `${root}${module}/__init__.py`])
        if (byPath.get(candidate)?.data) hooks.add(candidate);
    }
  }
  return [...hooks];
}

type Checked = { findings: LineFinding[]; checkedPaths: string[] };

function scanSdistEntries(project: string, entries: ArchiveEntry[]): Checked {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const hooks = buildHookPaths(entries);
  const findings = hooks.flatMap((path) => scanPython(path, textOf(byPath.get(path)!), 'build'));
  const pth = entries.filter((e) => e.path.endsWith('.pth') && e.data);
  for (const e of pth) findings.push(...scanPth(e.path, textOf(e), normalizePackageName(project)));
  return { findings, checkedPaths: [...hooks, ...pth.map((e) => e.path)] };
}

// ---------------------------------------------------------------- wheels

/** .pth files and scripts under *.data/scripts: the only wheel contents that run without an import. */
function wantFromWheel(path: string): boolean {
  return path.endsWith('.pth') || /^[^/]+\.data\/scripts\/[^/]+$/.test(path);
}

function scanWheelEntries(project: string, entries: ArchiveEntry[]): Checked {
  const layout = wheelLayout(project, entries);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const findings: LineFinding[] = [];
  for (const path of layout.pthFiles) {
    const entry = byPath.get(path);
    if (entry?.data) findings.push(...scanPth(path, textOf(entry), layout.distribution));
  }
  for (const path of layout.dataScripts) {
    const entry = byPath.get(path);
    if (entry?.data) findings.push(...scanDataScript(path, textOf(entry)));
  }
  const topLevelPath = (module: string) =>
    entries.find((e) => e.path.startsWith(`${module}/`))?.path ?? entries.find((e) => e.path.startsWith(`${module}.`))?.path ?? module;
  findings.push(...shadowedModules(layout, topLevelPath));
  return { findings, checkedPaths: [...layout.pthFiles, ...layout.dataScripts] };
}

// ---------------------------------------------------------------- links

/**
 * The file on inspector.pypi.io: /project/<name>/<version>/<path of the files.pythonhosted.org URL>/,
 * the scheme its own pages and PyPI's file-details links use. Null for any other host.
 */
export function inspectorFileUrl(meta: Pick<DistributionMeta, 'url' | 'project' | 'version'>): string | null {
  let url: URL;
  try {
    url = new URL(meta.url);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.hostname !== 'files.pythonhosted.org' || !url.pathname.startsWith('/packages/')) return null;
  const project = encodeURIComponent(normalizePackageName(meta.project));
  return safeHttpsUrl(
    `https://inspector.pypi.io/project/${project}/${encodeURIComponent(meta.version)}${url.pathname.replace(/\/+$/, '')}/`,
  );
}

export function inspectorEntryUrl(base: string | null, path: string | null, line: number | null): string | null {
  if (!base || !path) return base;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return safeHttpsUrl(`${base}${encoded}${line ? `#line.${line}` : ''}`);
}

function toCodeFinding(f: LineFinding, meta: DistributionMeta, base: string | null): CodeFinding {
  return {
    check: f.check,
    level: f.level,
    filename: meta.filename,
    path: f.path,
    line: f.line,
    excerpt: f.excerpt,
    detail: f.detail,
    url: inspectorEntryUrl(base, f.path, f.line),
  };
}
