// Bytes of one distribution in, what it would run at install (or at every Python start) out. Pure:
// no network, no storage, no clock, so it is tested on archives built in the test and benchmarked alone.
import type { CodeFinding, CodeRuns, DistributionFile, ScannedDistribution, WheelRequiresDist } from '../../contract/report';
import { parseCoreMetadata } from '../../lib/core-metadata';
import { normalizePackageName } from '../../lib/package-name';
import { inspectorEntryUrl, inspectorFileUrl } from './inspector-url';
import { archiveKind, readArchive, textOf, type ArchiveEntry } from './archive';
import { BUDGET_SPENT, Pacer, runPaced, type PaceOptions, type Steps } from './pace';
import { CappedFindings, scanPythonSteps, type LineFinding } from './setup-py';
import { scanDataScriptSteps, scanPthSteps, scanStartSteps, shadowedModules, wheelLayout } from './wheel';

export { inspectorEntryUrl, inspectorFileUrl } from './inspector-url';

export type DistributionMeta = Pick<DistributionFile, 'filename' | 'url' | 'packageType' | 'sha256' | 'size'> & {
  /** The project name and version, for links to inspector.pypi.io. */
  project: string;
  version: string;
};

/** `complete` is false when the time budget cut the scan short (the result is worth less than a full one). */
export type DistributionScan = { distribution: ScannedDistribution; findings: CodeFinding[]; complete: boolean };

/** Build hooks other than setup.py that build backends run from the sdist's top folder. */
const HOOK_FILES = new Set(['setup.py', 'hatch_build.py', 'pdm_build.py']);
/** Findings of one check kept per distribution (the per-file cap is setup-py's MAX_PER_CHECK): a few make the point. */
export const MAX_PER_CHECK_PER_DISTRIBUTION = 20;
/** Paths listed as read; checkedCount says how many there were. */
export const MAX_LISTED_PATHS = 50;

export async function scanDistribution(bytes: Uint8Array, meta: DistributionMeta, pace: PaceOptions = {}): Promise<DistributionScan> {
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
    checkedCount: 0,
    inspectorUrl: inspectorBase,
  };
  const kind = archiveKind(meta.filename);
  if (!kind) return failed(base, `${meta.filename} is not a zip or tar archive we can read`);
  const isWheel = meta.filename.toLowerCase().endsWith('.whl');
  const pacer = new Pacer(pace);
  const archive = await readArchive(bytes, kind, isWheel ? wantFromWheel : wantFromSdist, { pacer });
  if ('error' in archive) return failed(base, `${meta.filename} ${archive.error}`);

  const { findings, checkedPaths, complete } = isWheel
    ? await scanWheelEntries(meta.project, archive.entries, pacer)
    : await scanSdistEntries(meta.project, archive.entries, pacer);
  return {
    distribution: {
      ...base,
      entryCount: archive.entries.length,
      checkedPaths: checkedPaths.slice(0, MAX_LISTED_PATHS),
      checkedCount: checkedPaths.length,
      ...(isWheel ? { requiresDist: wheelRequiresDist(meta, archive.entries) } : {}),
    },
    findings: findings.result().map((f) => toCodeFinding(f, meta, inspectorBase)),
    complete,
  };
}

function failed(base: ScannedDistribution, message: string): DistributionScan {
  return { distribution: { ...base, state: 'error', error: { kind: 'malformed', message } }, findings: [], complete: true };
}

const TIME_BUDGET = 'time budget';
const TIME_BUDGET_INSIDE = 'time budget inside';

/** What a file that runs at install (or import) but was not read becomes: a caution with the reason. */
function notChecked(entry: ArchiveEntry, what: string, runs: CodeRuns = 'install'): LineFinding {
  const reason =
    entry.unread === TIME_BUDGET
      ? `the scan reached its ${TIME_BUDGET} before this file`
      : entry.unread === TIME_BUDGET_INSIDE
        ? `the scan reached its ${TIME_BUDGET} while reading this file`
        : (entry.unread ?? 'not read');
  return {
    check: 'not-checked',
    level: 'caution',
    path: entry.path,
    line: null,
    excerpt: '',
    detail: `Not checked: ${reason}. ${what} runs when the package is ${runs === 'import' ? 'imported' : 'installed'}${/\.(?:pth|start)$/.test(what) ? ' and at every Python start' : ''}, so what it does is unknown.`,
    runs,
  };
}

/** A build hook or .pth that is a link: pip extracts it and runs what it points at, which we checked in its place. */
function linkedFile(entry: ArchiveEntry): LineFinding[] {
  if (!entry.linkTo) return [];
  return [
    {
      check: 'linked-file',
      level: 'caution',
      path: entry.path,
      line: null,
      excerpt: `→ ${entry.linkTo}`,
      detail: `${entry.path.split('/').pop()} is a link to ${entry.linkTo} inside the archive: pip unpacks the link and runs what it points at (checked here in its place). Real projects ship it as a plain file.`,
    },
  ];
}

// ---------------------------------------------------------------- sdists

/** Everything a build hook could be, top-level hooks first: Python files near the top, pyproject.toml, and .pth files. */
function wantFromSdist(path: string): number | null {
  const parts = path.split('/');
  const name = parts[parts.length - 1]!;
  if (parts.length <= 2 && (HOOK_FILES.has(name) || name === 'pyproject.toml')) return 0;
  if (name.endsWith('.py') && parts.length <= 4) return 1;
  if (name.endsWith('.pth')) return 2;
  return null;
}

/** The folder every entry sits in ("foo-1.0/"), or "" when the sdist has none. */
function sdistRoot(entries: ArchiveEntry[]): string {
  const first = entries[0]?.path.split('/')[0];
  return first && entries.every((e) => e.path.startsWith(`${first}/`)) ? `${first}/` : '';
}

/** Every folder prefix of a path: "a/b/c.py" → "", "a/", "a/b/". */
function folderPrefixes(path: string): string[] {
  const prefixes = [''];
  for (let at = path.indexOf('/'); at >= 0; at = path.indexOf('/', at + 1)) prefixes.push(path.slice(0, at + 1));
  return prefixes;
}

/**
 * The files of an sdist that run when pip builds it: setup.py, what it imports from beside it, in-tree
 * backends, build scripts pyproject.toml names. Listed whether or not they could be read.
 */
export function buildHookPaths(entries: ArchiveEntry[]): string[] {
  const root = sdistRoot(entries);
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const hooks = new Set<string>();
  for (const name of HOOK_FILES) if (byPath.has(`${root}${name}`)) hooks.add(`${root}${name}`);

  const pyproject = byPath.get(`${root}pyproject.toml`);
  const toml = pyproject ? textOf(pyproject) : '';
  // In-tree build backends (PEP 517 backend-path): .py files by folder, so each path costs one look-up.
  const backendPaths = /backend-path\s*=\s*\[([^\]]*)\]/.exec(toml)?.[1]?.match(/["']([^"']+)["']/g) ?? [];
  if (backendPaths.length > 0) {
    const pyByFolder = new Map<string, string[]>();
    for (const e of entries) {
      if (!e.path.endsWith('.py')) continue;
      for (const prefix of folderPrefixes(e.path)) {
        const list = pyByFolder.get(prefix);
        if (list) list.push(e.path);
        else pyByFolder.set(prefix, [e.path]);
      }
    }
    for (const quoted of new Set(backendPaths)) {
      const dir = quoted
        .slice(1, -1)
        .replace(/^\.\/?/, '')
        .replace(/\/$/, '');
      const prefix = `${root}${dir ? `${dir}/` : ''}`;
      for (const path of pyByFolder.get(prefix) ?? []) if (dir || !path.slice(prefix.length).includes('/')) hooks.add(path);
    }
  }
  // [^\S\n]* instead of \s*: under the m flag \s* ran across every following blank line at each line start.
  for (const match of toml.matchAll(/^[^\S\n]*(?:script|build)[^\S\n]*=[^\S\n]*["']([\w./-]+\.py)["']/gm)) {
    if (byPath.has(`${root}${match[1]}`)) hooks.add(`${root}${match[1]}`);
  }
  // Modules setup.py imports from its own folder (versioneer.py, ez_setup.py, setupbase.py…) run with it.
  const setupPy = byPath.get(`${root}setup.py`);
  if (setupPy?.data) {
    const imports = /^[^\S\n]*(?:from[^\S\n]+([A-Za-z_]\w*)\S*[^\S\n]+import|import[^\S\n]+([A-Za-z_]\w*))/gm;
    for (const match of textOf(setupPy).matchAll(imports)) {
      const module = match[1] ?? match[2]!;
      for (const candidate of [`${root}${module}.py`, `${root}${module}/__init__.py`]) if (byPath.has(candidate)) hooks.add(candidate);
    }
  }
  return [...hooks];
}

/** SETUP.PY beside (or instead of) setup.py: on a file system that ignores case, pip runs it. */
function caseVariantHooks(entries: ArchiveEntry[], root: string): LineFinding[] {
  const findings: LineFinding[] = [];
  for (const e of entries) {
    const rest = e.path.slice(root.length);
    if (!e.path.startsWith(root) || rest.includes('/') || HOOK_FILES.has(rest) || !HOOK_FILES.has(rest.toLowerCase())) continue;
    findings.push({
      check: 'not-checked',
      level: 'caution',
      path: e.path,
      line: null,
      excerpt: '',
      detail: `Not checked: ${rest} differs from ${rest.toLowerCase()} only in case. On macOS and Windows, whose file systems ignore case, it is the ${rest.toLowerCase()} pip runs; real projects do not ship it.`,
    });
  }
  return findings;
}

/** What a distribution's files gave: findings capped as they arrive, and whether the time budget cut any file short. */
class Checked {
  readonly findings = new CappedFindings(MAX_PER_CHECK_PER_DISTRIBUTION);
  readonly checkedPaths: string[] = [];
  /** False when the time budget cut the scan short (counted here: the cap may keep other not-checked findings). */
  complete = true;
  push(finding: LineFinding): void {
    if (finding.check === 'not-checked' && finding.detail.includes(TIME_BUDGET)) this.complete = false;
    this.findings.push(finding);
  }
}

/**
 * Scans one wanted entry into `out`, or says why it was not: unread, or the time budget reached before
 * or while reading it (a file cut short is "not checked" as a whole: half a scan would read as clean).
 * Paced inside the file too: a 2 MB setup.py is read in chunks, the worker answering between them.
 */
async function checkEntry(
  entry: ArchiveEntry,
  what: string,
  scan: (text: string) => Steps<LineFinding[]>,
  pacer: Pacer,
  out: Checked,
  runs: CodeRuns = 'install',
): Promise<void> {
  if (!entry.data && !entry.unread && pacer.expired) entry.unread = TIME_BUDGET;
  if (!entry.data || pacer.expired) {
    out.push(notChecked(entry.data ? { ...entry, unread: TIME_BUDGET } : entry, what, runs));
    return;
  }
  const result = await runPaced(scan(textOf(entry)), pacer);
  if (result === BUDGET_SPENT) {
    out.push(notChecked({ ...entry, unread: TIME_BUDGET_INSIDE }, what, runs));
    return;
  }
  out.checkedPaths.push(entry.path);
  for (const f of linkedFile(entry)) out.push({ ...f, runs });
  for (const f of result) out.push(f.runs ? f : { ...f, runs });
  await pacer.step();
}

async function scanSdistEntries(project: string, entries: ArchiveEntry[], pacer: Pacer): Promise<Checked> {
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const checked = new Checked();
  for (const f of caseVariantHooks(entries, sdistRoot(entries))) checked.push(f);
  const check = (entry: ArchiveEntry, what: string, scan: (text: string) => Steps<LineFinding[]>, runs: CodeRuns = 'install') =>
    checkEntry(entry, what, scan, pacer, checked, runs);
  const hooks = buildHookPaths(entries);
  for (const path of hooks) {
    const name = path.split('/').pop()!;
    await check(byPath.get(path)!, name, (text) => scanPythonSteps(path, text, 'build'));
  }
  // What a wheel built from it would import: each package folder's __init__.py (the caller drops these when a wheel was scanned).
  for (const path of sdistPackageInits(entries, new Set(hooks))) {
    await check(byPath.get(path)!, path.split('/').slice(-2).join('/'), (text) => scanPythonSteps(path, text, 'import'), 'import');
  }
  const distribution = normalizePackageName(project);
  for (const e of entries) {
    if (pacer.due()) await pacer.pause();
    if (e.path.endsWith('.pth')) await check(e, e.path.split('/').pop()!, (text) => scanPthSteps(e.path, text, distribution));
  }
  return checked;
}

/** Folders an sdist's tests, docs and examples live in: never installed as a package. */
const NOT_PACKAGES = /^(?:tests?|testing|docs?|examples?|benchmarks?|scripts?|tools)$/i;

/** root/pkg/__init__.py and root/src/pkg/__init__.py: the packages a wheel of this sdist would install. */
function sdistPackageInits(entries: ArchiveEntry[], hooks: Set<string>): string[] {
  const root = sdistRoot(entries);
  return entries
    .map((e) => e.path)
    .filter((path) => {
      if (!path.startsWith(root) || hooks.has(path)) return false;
      const parts = path.slice(root.length).split('/');
      const folders = parts[0] === 'src' ? parts.slice(1) : parts;
      return folders.length === 2 && folders[1] === '__init__.py' && /^[A-Za-z_]\w*$/.test(folders[0]!) && !NOT_PACKAGES.test(folders[0]!);
    });
}

// ---------------------------------------------------------------- wheels

/** "foo-1.0.data/purelib/x.py" → "x.py": where a wheel's file lands in site-packages. */
function installedWheelPath(path: string): string {
  return /^[^/]+\.data\/(?:purelib|platlib)\/(.+)$/.exec(path)?.[1] ?? path;
}

/** A top-level module or a top-level package's __init__.py: the code `import name` runs. */
export function isImportedOnImport(path: string): boolean {
  if (!path.endsWith('.py')) return false;
  const installed = installedWheelPath(path);
  if (/^[^/]+\.(?:dist-info|data)\//.test(installed)) return false;
  return /^[A-Za-z_]\w*\.py$/.test(installed) || /^[A-Za-z_]\w*\/__init__\.py$/.test(installed);
}

/**
 * What a wheel runs without being asked: .pth and .start files (every Python start), scripts under
 * *.data/scripts, then what `import` runs. Ranked so a flood of modules never pushes out a .pth.
 */
function wantFromWheel(path: string): number | null {
  if (WHEEL_METADATA.test(path)) return 0;
  if (path.endsWith('.pth') || path.endsWith('.start')) return path.includes('/') ? 1 : 0;
  if (/^[^/]+\.data\/scripts\/[^/]+$/.test(path)) return 1;
  return isImportedOnImport(path) ? 2 : null;
}

/** `<name>-<version>.dist-info/METADATA` at the wheel's top: the core metadata pip reads to install it. */
const WHEEL_METADATA = /^([^/]+)-([^/-]+)\.dist-info\/METADATA$/;

/**
 * The wheel's Requires-Dist, when its METADATA is this release's: exactly one top-level .dist-info of this
 * project, whose Name and Version headers agree with the file's release; else null (nothing said about it).
 */
export function wheelRequiresDist(meta: Pick<DistributionMeta, 'project' | 'version'>, entries: ArchiveEntry[]): WheelRequiresDist | null {
  const project = normalizePackageName(meta.project);
  const own = entries.filter((e) => {
    const match = WHEEL_METADATA.exec(e.path);
    return match !== null && normalizePackageName(match[1]!) === project;
  });
  const entry = own[0];
  if (own.length !== 1 || !entry?.data) return null;
  const metadata = parseCoreMetadata(textOf(entry));
  if (!metadata.name || normalizePackageName(metadata.name) !== project || metadata.version?.trim() !== meta.version) return null;
  return { path: entry.path, lines: metadata.requiresDist, truncated: metadata.truncated };
}

async function scanWheelEntries(project: string, entries: ArchiveEntry[], pacer: Pacer): Promise<Checked> {
  const layout = wheelLayout(project, entries);
  // The layout read every entry and the index below reads them all again: counted as that much work, a flood of entries pauses between.
  if (pacer.due(entries.length)) await pacer.pause();
  const byPath = new Map(entries.map((e) => [e.path, e]));
  const checked = new Checked();
  const check = (path: string, what: string, scan: (text: string) => Steps<LineFinding[]>) =>
    checkEntry(byPath.get(path)!, what, scan, pacer, checked);
  for (const path of layout.pthFiles) {
    if (pacer.due()) await pacer.pause();
    await check(path, path.split('/').pop()!, (text) => scanPthSteps(path, text, layout.distribution));
  }
  for (const path of layout.startFiles) {
    if (pacer.due()) await pacer.pause();
    await check(path, path.split('/').pop()!, (text) => scanStartSteps(path, text));
  }
  for (const path of layout.dataScripts)
    await checkEntry(
      byPath.get(path)!,
      `The script ${path.split('/').pop()}`,
      (text) => scanDataScriptSteps(path, text),
      pacer,
      checked,
      'package',
    );
  for (const { path } of entries) {
    if (pacer.due()) await pacer.pause();
    if (!isImportedOnImport(path)) continue;
    await checkEntry(byPath.get(path)!, path, (text) => scanPythonSteps(path, text, 'import'), pacer, checked, 'import');
  }
  // The first path of each top-level name, indexed once (a search of all entries per module was quadratic),
  // and only when a shadowed module asks for it (most wheels have none; a flood of entries pays nothing).
  let firstPath: Map<string, string> | null = null;
  const topLevelPath = (module: string) => {
    if (!firstPath) {
      firstPath = new Map();
      for (const { path } of entries) {
        const slash = path.indexOf('/');
        const dot = path.indexOf('.');
        if (slash > 0 && !firstPath.has(`${path.slice(0, slash)}/`)) firstPath.set(`${path.slice(0, slash)}/`, path);
        if (dot > 0 && (slash < 0 || dot < slash) && !firstPath.has(`${path.slice(0, dot)}.`))
          firstPath.set(`${path.slice(0, dot)}.`, path);
      }
    }
    return firstPath.get(`${module}/`) ?? firstPath.get(`${module}.`) ?? module;
  };
  for (const f of shadowedModules(layout, topLevelPath)) checked.push(f);
  return checked;
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
    ...(f.moreLikeThis ? { moreLikeThis: f.moreLikeThis } : {}),
    runs: f.runs ?? 'install',
  };
}
