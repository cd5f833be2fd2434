// Checks on what a wheel installs: .pth files (site.py executes their "import" lines at every start
// of Python, whatever program runs), scripts under *.data/scripts (placed on PATH), and top-level
// modules that take the name of a different, popular package.
import type { Level } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import type { ArchiveEntry } from './archive';
import { ownersOf } from './popular-modules';
import { excerpt } from './python-source';
import { drain, type Steps } from './pace';
import { CappedFindings, scanPythonSteps, type LineFinding } from './setup-py';

/** Commands people type every day: a package that installs its own `pip` or `sudo` intercepts them. */
const SHADOWED_COMMANDS = new Set([
  'python',
  'python3',
  'pip',
  'pip3',
  'sudo',
  'su',
  'ls',
  'cd',
  'cp',
  'mv',
  'rm',
  'cat',
  'sh',
  'bash',
  'zsh',
  'env',
  'git',
  'ssh',
  'scp',
  'curl',
  'wget',
  'node',
  'npm',
  'npx',
  'docker',
  'kubectl',
  'gpg',
  'openssl',
  'which',
  'apt',
  'apt-get',
]);

/**
 * setuptools' own distutils-precedence.pth (both spellings it has shipped): it runs at every start, but
 * only imports setuptools' _distutils_hack, and only when SETUPTOOLS_USE_DISTUTILS asks for it.
 */
const SETUPTOOLS_SHIM =
  /^import os; var = 'SETUPTOOLS_USE_DISTUTILS'; enabled = os\.environ\.get\(var, '(?:local|stdlib)'\) == 'local'; enabled and __import__\('_distutils_hack'\)\.add_shim\(\); ?$/;
/** The *-nspkg.pth line setuptools generates for namespace packages: stdlib only, builds a module object. */
const NSPKG_LINE =
  /^import sys, types, os;(?:has_mfs = sys\.version_info > \(3, 5\);)?p = os\.path\.join\((?:sys\._getframe\(1\)\.f_locals\['sitedir'\]|sys\._getframe\(1\)\.f_locals\.get\('sitedir', ''\)), \*\('[\w.]+'(?:, '[\w.]+')*,?\)\);[\w\s.=(),;:'[\]*_<>!-]*$/;
const NSPKG_FORBIDDEN =
  /\b(?:exec|eval|compile|system|popen|subprocess|socket|urllib|b64decode|open|import_module|exec_module|load_module|getattr|globals|builtins|__builtins__)\b/;
/** str.splitlines(), which site.py uses on .pth files: "# path\x1cimport os;…" is two lines, and the second runs. */
// eslint-disable-next-line no-control-regex -- these control characters are line breaks to Python, the point of the pattern
export const PYTHON_LINE_BREAK = /\r\n|[\n\v\f\r\x1c-\x1e\x85\u2028\u2029]/;
/** The template imports exactly these two modules; any other __import__ is not setuptools' line. */
const NSPKG_IMPORTS = new Set(['importlib.util', 'importlib.machinery']);

/** Findings of one check kept per .pth file (the distribution keeps 20 of each too): a flood of lines is counted, not listed. */
const MAX_PTH_FINDINGS_PER_CHECK = 20;

export type WheelLayout = {
  /** The project's name, PEP 503 normalised. */
  distribution: string;
  topLevel: string[];
  pthFiles: string[];
  /** PEP 829 .start files: each line names an entry point site.py calls at every start (Python 3.15+). */
  startFiles: string[];
  dataScripts: string[];
};

/** "foo-1.0.data/purelib/x.pth" → "x.pth": what lands in site-packages. */
function installedPath(path: string): string {
  if (!path.includes('.data/')) return path;
  const data = /^[^/]+\.data\/(?:purelib|platlib)\/(.+)$/.exec(path);
  return data ? data[1]! : path;
}

/** A top-level module file: "six.py", "_cffi_backend.cpython-312-x86_64-linux-gnu.so". */
const MODULE_FILE = /^([A-Za-z_]\w*)(?:\.[\w-]+)*\.(?:py|pyc|so|pyd)$/;

export function wheelLayout(project: string, entries: ArchiveEntry[]): WheelLayout {
  const distribution = normalizePackageName(project);
  const topLevel = new Set<string>();
  const pthFiles: string[] = [];
  const startFiles: string[] = [];
  const dataScripts: string[] = [];
  // Each pattern is tried only on a path that has its literal part (100,000 entries made this loop a stall of its own).
  for (const { path } of entries) {
    if (path.includes('.data/scripts/') && /^[^/]+\.data\/scripts\/[^/]+$/.test(path)) dataScripts.push(path);
    const installed = installedPath(path);
    if (installed.includes('.dist-info/') && /^[^/]+\.dist-info\//.test(installed)) continue;
    if (installed.includes('.data/') && /^[^/]+\.data\//.test(installed)) continue;
    if (installed.endsWith('.pth') && /^[^/]+\.pth$/.test(installed)) pthFiles.push(path);
    if (installed.endsWith('.start') && /^[^/]+\.start$/.test(installed)) startFiles.push(path);
    const slash = installed.indexOf('/');
    const module = slash >= 0 ? installed.slice(0, slash) : MODULE_FILE.exec(installed)?.[1];
    if (module && /^[A-Za-z_]\w*$/.test(module)) topLevel.add(module);
  }
  return { distribution, topLevel: [...topLevel].sort(), pthFiles, startFiles, dataScripts };
}

/** Findings for one .pth file: plain path lines are notes, executable lines are judged. */
export function scanPth(path: string, text: string, distribution: string): LineFinding[] {
  return drain(scanPthSteps(path, text, distribution));
}

/** scanPth as paced work (pace.ts): a 2 MB .pth of import lines is scanned a line at a time. */
export function* scanPthSteps(path: string, text: string, distribution: string): Steps<LineFinding[]> {
  const name = path.split('/').pop() ?? path;
  const lines = text.split(PYTHON_LINE_BREAK);
  const executable = lines.map((line, i) => ({ line: i + 1, text: line })).filter(({ text: l }) => /^import[ \t]/.test(l));
  if (executable.length === 0) {
    const first = lines.find((l) => l.trim() !== '' && !l.startsWith('#')) ?? '';
    return [
      {
        check: 'pth-file',
        level: 'info',
        path,
        line: 1,
        excerpt: excerpt(first),
        detail: `${name} only adds directories to Python's import path; it runs no code.`,
      },
    ];
  }
  const findings = new CappedFindings(MAX_PTH_FINDINGS_PER_CHECK);
  // A flood of one line costs one scan (site.py runs each the same way, so each is judged the same).
  const seen = new Map<string, LineFinding[]>();
  for (const { line, text: code } of executable) {
    const note = knownPthLine(code, name, distribution);
    let scanned = note ? [] : seen.get(code);
    if (!scanned) seen.set(code, (scanned = yield* scanPythonSteps(path, code, 'pth')));
    // A known generated line is already proven stdlib-only; its length (nspkg lines run long) says nothing.
    const flagged = scanned.map((f) => ({ ...f, line }));
    for (const f of flagged) findings.push(f);
    const dangerous = flagged.some(
      (f) => f.level === 'danger' || f.check === 'network' || f.check === 'process' || f.check === 'decoded-exec',
    );
    const level: Level = dangerous ? 'danger' : note ? 'info' : 'caution';
    findings.push({
      check: 'pth-file',
      level,
      path,
      line,
      excerpt: excerpt(code),
      detail: note
        ? `${name} runs at every Python start: ${note}`
        : `${name} runs this line at every start of Python, in every program, once installed${dangerous ? ', and it reaches the network, starts programs or runs hidden code' : ''}.`,
    });
  }
  return findings.result();
}

/** Why a known, generated .pth line is harmless, or null when it is not one we know. */
function knownPthLine(code: string, filename: string, distribution: string): string | null {
  if (SETUPTOOLS_SHIM.test(code.trim())) {
    return distribution === 'setuptools' && filename === 'distutils-precedence.pth'
      ? "setuptools' own shim; it only lets setuptools' bundled distutils replace the standard library's when SETUPTOOLS_USE_DISTUTILS=local."
      : null; // the same text in another package would import whatever _distutils_hack that package ships
  }
  const imports = [...code.matchAll(/__import__\(\s*'([^']*)'\s*\)/g)].map((m) => m[1]!);
  if (
    filename.endsWith('-nspkg.pth') &&
    NSPKG_LINE.test(code.trim()) &&
    !NSPKG_FORBIDDEN.test(code) &&
    imports.every((m) => NSPKG_IMPORTS.has(m))
  ) {
    return 'the namespace-package loader setuptools generates; it uses only the standard library to register the namespace.';
  }
  return null;
}

/** PEP 829: "pkg.mod:callable" lines; site.py resolves each and calls it at every start. Other lines are skipped, as site.py does. */
const ENTRY_POINT = /^\s*([A-Za-z_][\w.]*:[A-Za-z_][\w.]*)\s*$/;

/** Findings for one .start file: each entry point it names runs at every Python start. */
export function* scanStartSteps(path: string, text: string): Steps<LineFinding[]> {
  const name = path.split('/').pop() ?? path;
  const findings = new CappedFindings(MAX_PTH_FINDINGS_PER_CHECK);
  const lines = text.split(PYTHON_LINE_BREAK);
  for (let i = 0; i < lines.length; i++) {
    if (i % 2048 === 2047) yield 2048;
    const entry = ENTRY_POINT.exec(lines[i]!);
    if (!entry) continue;
    findings.push({
      check: 'start-file',
      level: 'caution',
      path,
      line: i + 1,
      excerpt: excerpt(lines[i]!),
      detail: `${name} makes Python call ${entry[1]} at every start (PEP 829), in every program, once installed: that function's module runs then too.`,
    });
  }
  return findings.result();
}

export function scanDataScript(path: string, text: string): LineFinding[] {
  return drain(scanDataScriptSteps(path, text));
}

export function* scanDataScriptSteps(path: string, text: string): Steps<LineFinding[]> {
  const command = path.split('/').pop() ?? path;
  const shadows = SHADOWED_COMMANDS.has(command.toLowerCase().replace(/\.(?:exe|bat|cmd|py)$/, ''));
  const isPython = /^#!.*python/.test(text) || command.endsWith('.py');
  const findings: LineFinding[] = isPython ? yield* scanPythonSteps(path, text, 'script') : [];
  findings.push({
    check: 'data-script',
    level: shadows ? 'caution' : 'info',
    path,
    line: 1,
    excerpt: excerpt(text.split(/\r?\n/)[0] ?? ''),
    detail: shadows
      ? `Installs its own "${command}" command, named like one you use every day: it can take its place on PATH.`
      : `Installs the script "${command}" on PATH; it runs only when called.`,
  });
  return findings;
}

/** Top-level modules that belong to another, popular distribution. */
export function shadowedModules(layout: WheelLayout, topLevelPath: (module: string) => string): LineFinding[] {
  return layout.topLevel.flatMap((module): LineFinding[] => {
    const owners = ownersOf(module);
    if (owners === null || owners.includes(layout.distribution)) return [];
    const startup = module === 'sitecustomize' || module === 'usercustomize';
    return [
      {
        check: 'shadowed-package',
        level: 'caution',
        path: topLevelPath(module),
        line: null,
        excerpt: module,
        detail: startup
          ? `Installs "${module}", which Python imports at every start: code in it runs for every program.`
          : owners.length === 0
            ? `Installs "${module}", a name of Python's standard library: it can replace the real module for every program.`
            : `Installs "${module}", the import name of ${owners.join(' / ')}: installing both makes one overwrite the other, and "import ${module}" runs this package's code.`,
      },
    ];
  });
}
