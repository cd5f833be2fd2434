import { levelRank } from '../../contract/levels';
import type { CodeCheck, CodeFinding, Evidence, Level } from '../../contract/report';
import { finding, okData } from '../helpers';
import type { Rule, TrustInput } from '../types';
import { ESTABLISHED_MIN_DAYS, ESTABLISHED_MIN_RELEASES } from '../malware-scope';
import { DAY_MS } from '../../lib/time';

const ID = 'install-code';
/** Evidence links per finding: the first few lines make the point; the Code section lists the rest. */
const MAX_EVIDENCE = 4;
/** Lines quoted in a finding's detail. */
const MAX_QUOTED = 3;

/** Title of each check, by the level it reached (info titles explain rather than warn). */
const TITLES: Record<CodeCheck, { warn: string; note: string }> = {
  'decoded-exec': { warn: 'Install code runs hidden, decoded code', note: 'Install code decodes and runs code' },
  'install-hook': { warn: 'setup.py replaces the install step with its own code', note: 'setup.py has a custom install step' },
  network: { warn: 'Install code opens network connections', note: 'Install code can reach the network' },
  process: { warn: 'Install code starts other programs', note: 'setup.py can start programs when run by hand' },
  'obfuscated-line': { warn: 'Install code has hidden or encoded lines', note: 'Install code has long lines' },
  'pth-file': { warn: 'A .pth file runs code at every Python start', note: 'A .pth file runs at Python start (known, harmless)' },
  'data-script': { warn: 'Installs a command named like a common one', note: 'Installs scripts on PATH' },
  'shadowed-package': { warn: 'Installs a module named like another package', note: 'Installs a module named like another package' },
  'sdist-only': { warn: 'No wheel: installing runs setup.py', note: 'No wheel: installing runs setup.py' },
  'not-checked': { warn: 'Install code could not be checked', note: 'Some install code was not checked' },
  'linked-file': { warn: 'A build file is a link to another file', note: 'A build file is a link to another file' },
  exfiltration: { warn: 'The code sends secrets or talks to a drop host', note: 'The code talks to a webhook or bare IP address' },
  'escaped-string': { warn: 'The code hides a name or payload in escaped characters', note: 'The code uses escaped strings' },
  'builtins-indirection': { warn: 'The code reaches exec or system through a detour', note: 'The code looks up builtins by name' },
  'folded-identifier': { warn: 'The code spells a name in look-alike letters', note: 'The code spells a name in look-alike letters' },
  'download-exec': { warn: 'The code downloads and runs more code', note: 'The code downloads and runs more code' },
  'reverse-shell': { warn: 'The code hands a shell to a network connection', note: 'The code hands a shell to a network connection' },
  'start-file': { warn: 'A .start file runs code at every Python start', note: 'A .start file runs code at every Python start' },
  'char-codes': { warn: 'The code hides a name or payload in character codes', note: 'The code builds strings from character codes' },
  'invisible-character': { warn: 'The code contains invisible or reordering characters', note: 'The code contains invisible characters' },
  'pyarmor-loader': { warn: 'The code is encrypted with PyArmor', note: 'The code is encrypted with PyArmor' },
  'chmod-exec': { warn: 'The code makes a downloaded file executable', note: 'The code makes a file executable' },
  'stealer-capability': {
    warn: 'The code reads the clipboard, screen or keys and uses the network',
    note: 'The code can read the clipboard, screen or keys',
  },
  persistence: { warn: 'The code installs itself to start automatically', note: 'The code writes an autostart entry' },
};

/** Info-level code notes worth a line in the findings list; the rest stay in the Code section. */
const NOTED_INFO = new Set<CodeCheck>(['sdist-only', 'pth-file']);

/** Code that runs when pip installs the package (or at every Python start) is the first thing malware uses. */
export const installCode: Rule = {
  id: ID,
  title: 'Install-time code',
  rationale:
    "setup.py, build hooks and .pth files run with your rights the moment you install, and a package's module-level code at every import; malicious uploads hide downloads, decoded payloads and secret theft there. A capability alone (a client library opening sockets) is a note; a threat pattern is a warning.",
  // The scanner's own limits (analysis/code-scan/setup-py.ts, sources/files.ts), declared here with their
  // reasons since trust/ may not import them; a unit test keeps the values in step.
  thresholds: [
    {
      name: 'AUTO_SCAN_MAX_BYTES',
      value: 10 * 1024 * 1024,
      unit: 'bytes',
      reason: 'Larger sdist + wheel pairs are scanned only when you ask, to spare your bandwidth.',
    },
    {
      name: 'LONG_LINE_CHARS',
      value: 500,
      unit: 'characters of code',
      reason: 'Hand-written setup.py lines stay far below; packed payloads do not.',
    },
    {
      name: 'HIDDEN_AFTER_BLANKS',
      value: 60,
      unit: 'blanks',
      reason: 'Code after this many blanks on one line sits off the edge of any editor.',
    },
    {
      name: 'HIGH_ENTROPY_BITS',
      value: 4.9,
      unit: 'bits per character (strings of 100+ characters)',
      reason: 'Base64 of random bytes reads above 5.2; prose and code stay under 4.6.',
    },
  ],
  evaluate(input) {
    const facts = okData(input.code);
    if (!facts) return [];
    const byCheck = new Map<CodeCheck, CodeFinding[]>();
    for (const f of facts.findings) {
      const group = byCheck.get(f.check);
      if (group) group.push(f);
      else byCheck.set(f.check, [f]);
    }
    return [...byCheck.entries()].flatMap(([check, group]) => {
      const level = worst(group);
      if (level === 'info' && !NOTED_INFO.has(check)) return [];
      const atLevel = group.filter((f) => f.level === level);
      const newly = level === 'danger' && facts.comparedWith?.state === 'compared' && atLevel.some((f) => f.newInRelease === true);
      if (newly && established(input)) {
        const fresh = atLevel.filter((f) => f.newInRelease === true);
        const title = `This release newly ${newlyDoes(TITLES[check].warn)}, which the previous release (${facts.comparedWith!.version}) did not`;
        return [finding(input, ID, level, title, `New in this release: ${describe(fresh)}`, evidence(input, fresh))];
      }
      const title = whenItRuns(atLevel, level === 'info' || level === 'good' ? TITLES[check].note : TITLES[check].warn);
      return [finding(input, ID, level, title, describe(atLevel), evidence(input, atLevel))];
    });
  },
};

/** "The code sends secrets…" → "runs code that sends secrets…", for the "newly" headline. */
function newlyDoes(warn: string): string {
  const does = warn.replace(/^(?:The code|Install code|Import-time code)\s+/, '');
  return does === warn ? `runs code the scanner rates danger (${lowerFirst(warn)})` : `runs code that ${does}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/** Releases before the viewed one: a project with a life of its own (the thresholds of malware-scope.ts). */
function established(input: TrustInput): boolean {
  const releases = okData(input.releases);
  const viewedAt = releases?.viewed?.uploadedAt;
  if (!releases || !viewedAt) return false;
  const before = releases.releases.map((r) => r.uploadedAt).filter((t): t is string => t !== null && t < viewedAt);
  if (before.length < ESTABLISHED_MIN_RELEASES) return false;
  return (Date.parse(viewedAt) - Date.parse(before.sort()[0]!)) / DAY_MS >= ESTABLISHED_MIN_DAYS;
}

/** "Install code …" says "Import-time code …" when none of the findings at this level runs at install. */
function whenItRuns(group: CodeFinding[], title: string): string {
  if (group.some((f) => (f.runs ?? 'install') === 'install')) return title;
  const when = group.some((f) => f.runs === 'import') ? 'Import-time code' : 'Code in the package';
  return title.replace(/^Install code/, when);
}

function worst(group: CodeFinding[]): Level {
  return group.reduce<Level>((w, f) => (levelRank(f.level) > levelRank(w) ? f.level : w), 'good');
}

/** The first finding's explanation, then where: "foo-1.0/setup.py line 12: exec(base64.b64decode(…))". */
function describe(group: CodeFinding[]): string {
  const first = group[0]!;
  const places = group
    .slice(0, MAX_QUOTED)
    .filter((f) => f.path)
    .map((f) => {
      const where = `${f.path}${f.line ? ` line ${f.line}` : ''}`;
      return f.excerpt ? `${where}: ${f.excerpt}` : where;
    });
  // The scan's caps leave findings out; each kept one counts those after it.
  const total = group.reduce((n, f) => n + 1 + (f.moreLikeThis ?? 0), 0);
  const more = total > MAX_QUOTED ? ` (+${total - MAX_QUOTED} more in the Code section)` : '';
  return [first.detail, ...places].join(' — ') + more;
}

function evidence(input: TrustInput, group: CodeFinding[]): Evidence[] {
  return group
    .slice(0, MAX_EVIDENCE)
    .flatMap((f) => {
      if (!f.url || !f.path) return [];
      const file = f.path.split('/').pop() ?? f.path;
      return [{ label: `${file}${f.line ? ` line ${f.line}` : ''} on inspector.pypi.io`, url: f.url }];
    })
    .concat(group.every((f) => !f.url) ? [versionFiles(input)] : []);
}

/** The viewed version's files on PyPI, for findings with no file to point at (sdist-only). */
function versionFiles(input: TrustInput): Evidence {
  const base = `https://pypi.org/project/${encodeURIComponent(input.package.normalizedName || input.package.name)}/`;
  return {
    label: `Files of ${input.package.viewedVersion} on PyPI`,
    url: `${base}${encodeURIComponent(input.package.viewedVersion)}/#files`,
  };
}
