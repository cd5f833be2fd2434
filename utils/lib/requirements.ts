// Reads a requirements.txt or `pip freeze` paste into the lines we can check, and names every other line
// with the reason it is not checked. pip-requirements-js parses the PEP 508 part; what it rejects but pip
// accepts (backslash continuations, per-requirement --hash options, -e and index options) is handled here.
import { parsePipRequirementsLine, type Requirement } from 'pip-requirements-js';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from './package-name';
import { groupDigits } from './numbers';

/** 500 hashed lines of ~300 characters fit with room; a larger paste is not a requirements file. */
export const MAX_REQUIREMENTS_CHARS = 200_000;
export const MAX_REQUIREMENTS_LINES = 2_000;
/** One logical line (continuations joined) longer than this is not a requirement, even with many hashes. */
export const MAX_LINE_CHARS = 10_000;
/** How many requirements one check sends to the background (the message contract's cap). */
export const MAX_CHECKED_REQUIREMENTS = 1_000;

export type CheckableRequirement = {
  /** As written in the file. */
  name: string;
  normalizedName: string;
  /** The exact version of an `==` pin; null when the line allows a range or any version. */
  pinned: string | null;
  /** Constraints other than an exact pin, as written (">=2,<3"); null when there are none. */
  specifier: string | null;
  extras: string[];
  /** The environment marker text ("python_version < '3.8'"); the line is checked whatever it says. */
  marker: string | null;
  /** How many --hash options the line carried (pip checks them at install; we do not). */
  hashCount: number;
  /** A lockfile's hashes as written ("sha256:…"), at most MAX_SHOWN_HASHES; absent for requirements lines. */
  hashes?: string[];
  /** The PyPI index URL a lockfile names for the package; null or absent when it names none. */
  source?: string | null;
};

export type RequirementLine =
  | { kind: 'requirement'; line: number; text: string; requirement: CheckableRequirement }
  | { kind: 'skipped'; line: number; text: string; reason: string }
  | { kind: 'invalid'; line: number; text: string; reason: string };

export type ParsedRequirements =
  | { ok: true; lines: RequirementLine[]; requirements: CheckableRequirement[]; ignoredLines: number }
  | { ok: false; message: string };

const INDEX_OPTIONS = /^(-i|--index-url|--extra-index-url|-f|--find-links|--trusted-host|--no-index)(\s|=|$)/;
const FILE_OPTIONS = /^(-r|--requirement|-c|--constraint)(\s+|=)(.*)$/;
const EDITABLE = /^(-e|--editable)(\s|=)/;
const HASH_OPTION = /\s+--hash(?:=|\s+)\S+/g;
/** pip's other per-requirement options: they change how it builds, not what it installs. */
const BUILD_OPTIONS = /\s+(--global-option|--install-option|--config-settings|-C)(?:=|\s+)\S+/g;
const URL_START = /^[a-z][a-z0-9+.-]*:\/\//i;
const PATH_START = /^(\.{1,2}[\\/]|[\\/]|~|[a-z]:\\)/i;
const ARCHIVE_END = /\.(whl|tar\.gz|zip|tar\.bz2|egg)$/i;
/** Words that start a shell command people paste from tutorials ("pip install x", "$ python -m pip …"). */
const SHELL_START =
  /^(\$\s*|>\s*)?(sudo\s+)?(pip[0-9.]*|python[0-9.]*|py|uv|pipx|poetry|conda|mamba|curl|wget|bash|sh|zsh|rm|cd|export|echo|git|apt|apt-get|brew|npm|source|set)\s+\S/i;
const SHELL_METACHARACTERS = /(\|\s*\w|&&|`|\$\(|>\s*\/)/;
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function looksLikeShellCommand(text: string): boolean {
  return SHELL_START.test(text) || SHELL_METACHARACTERS.test(text);
}

export function parseRequirements(text: string): ParsedRequirements {
  if (text.trim().length === 0) {
    return { ok: false, message: 'Paste the contents of a requirements.txt file or the output of pip freeze.' };
  }
  if (text.length > MAX_REQUIREMENTS_CHARS) {
    return {
      ok: false,
      message: `The paste is ${groupDigits(text.length)} characters; the check takes at most ${groupDigits(MAX_REQUIREMENTS_CHARS)}. Check the file in parts.`,
    };
  }
  const physical = text.split(/\r\n|\r|\n/);
  if (physical.at(-1) === '') physical.pop(); // the newline that ends the last line starts no new one
  if (physical.length > MAX_REQUIREMENTS_LINES) {
    return {
      ok: false,
      message: `The paste has ${groupDigits(physical.length)} lines; the check takes at most ${groupDigits(MAX_REQUIREMENTS_LINES)}. Check the file in parts.`,
    };
  }
  const lines: RequirementLine[] = [];
  let ignoredLines = 0;
  for (const logical of joinContinuations(physical)) {
    const result = classifyLine(logical.text, logical.line);
    if (result) lines.push(result);
    else ignoredLines += 1;
  }
  const requirements = lines.flatMap((l) => (l.kind === 'requirement' ? [l.requirement] : []));
  if (requirements.length > MAX_CHECKED_REQUIREMENTS) {
    return {
      ok: false,
      message: `The paste has ${groupDigits(requirements.length)} requirements; one check takes at most ${groupDigits(MAX_CHECKED_REQUIREMENTS)}. Check the file in parts.`,
    };
  }
  return { ok: true, lines, requirements, ignoredLines };
}

/** pip joins a line ending in a backslash with the next; the joined line keeps the first line's number. */
function joinContinuations(physical: string[]): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let pending: { line: number; text: string } | null = null;
  physical.forEach((raw, index) => {
    const continues = /\\\s*$/.test(raw) && !/^\s*#/.test(raw);
    const piece = continues ? raw.replace(/\\\s*$/, ' ') : raw;
    pending = pending ? { line: pending.line, text: pending.text + piece } : { line: index + 1, text: piece };
    if (!continues) {
      out.push(pending);
      pending = null;
    }
  });
  if (pending) out.push(pending);
  return out;
}

/** pip's comment rule: `#` at the start of a line or after whitespace (a URL's `#egg=` is not a comment). */
function stripComment(text: string): string {
  return text.replace(/(^|\s)#.*$/, '').trim();
}

/** One logical line → what to do with it; null for blank and comment-only lines. */
export function classifyLine(rawText: string, line: number): RequirementLine | null {
  const text = stripComment(rawText);
  if (text.length === 0) return null;
  const oneSpaced = text.replace(/\s+/g, ' ');
  const shown = oneSpaced.length > 120 ? `${oneSpaced.slice(0, 117)}…` : oneSpaced;
  const invalid = (reason: string): RequirementLine => ({ kind: 'invalid', line, text: shown, reason });
  const skipped = (reason: string): RequirementLine => ({ kind: 'skipped', line, text: shown, reason });

  if (text.length > MAX_LINE_CHARS) {
    return invalid(`This line is ${groupDigits(text.length)} characters long; no requirement is that long.`);
  }
  if (CONTROL_CHARACTERS.test(text)) return invalid('This line contains control characters; it is not a requirement.');

  if (text.startsWith('-')) return classifyOption(text, skipped);
  if (looksLikeShellCommand(text)) {
    return invalid(`This looks like a shell command, not a requirement.${commandHint(text)}`);
  }
  if (URL_START.test(text) || /^git\+/i.test(text)) {
    return skipped('A URL: pip installs it from there, not from PyPI, so there is no PyPI release to check.');
  }
  if (PATH_START.test(text) || (ARCHIVE_END.test(text) && !text.includes('@'))) {
    return skipped('A local file or folder: not a PyPI release, not checked.');
  }
  if (/^[^=<>~!]*===/.test(text)) return skipped('Arbitrary equality (===) pins a string, not a PEP 440 version; not checked.');

  const hashCount = (text.match(HASH_OPTION) ?? []).length;
  const bare = text.replace(HASH_OPTION, '').replace(BUILD_OPTIONS, '').trim();
  let parsed: Requirement | null;
  try {
    parsed = parsePipRequirementsLine(bare);
  } catch (error) {
    return invalid(`pip would not understand this line (${parserMessage(error)}).`);
  }
  if (parsed === null) return null;
  if (parsed.type === 'RequirementsFile' || parsed.type === 'ConstraintsFile') {
    return skipped(`Refers to another file (${parsed.path}); paste that file's contents to check it.`);
  }
  if (!isValidPackageName(parsed.name)) return invalid(nameProblem(parsed.name));
  if (parsed.type === 'ProjectURL') {
    return skipped(`A direct reference (${parsed.name} @ URL): pip installs it from that URL, not from PyPI.`);
  }
  const specs = parsed.versionSpec ?? [];
  const exact = specs.length === 1 && specs[0]!.operator === '==' && !specs[0]!.version.includes('*') ? specs[0]!.version : null;
  if (exact !== null && !isPlausibleVersion(exact)) return invalid(`“${exact}” is not a version PyPI could have.`);
  const markerAt = bare.indexOf(';');
  return {
    kind: 'requirement',
    line,
    text: shown,
    requirement: {
      name: parsed.name,
      normalizedName: normalizePackageName(parsed.name),
      pinned: exact,
      specifier: exact === null && specs.length > 0 ? specs.map((s) => `${s.operator}${s.version}`).join(',') : null,
      extras: parsed.extras ?? [],
      marker: markerAt >= 0 ? bare.slice(markerAt + 1).trim() || null : null,
      hashCount,
    },
  };
}

function classifyOption(text: string, skipped: (reason: string) => RequirementLine): RequirementLine {
  const file = FILE_OPTIONS.exec(text);
  if (file) return skipped(`Refers to another file (${file[3]!.trim() || '?'}); paste that file's contents to check it.`);
  if (EDITABLE.test(text)) return skipped('An editable install from a folder or repository: not a PyPI release, not checked.');
  if (/^--extra-index-url(\s|=)/.test(text)) {
    return skipped(
      'pip option --extra-index-url: pip may take a package from that index instead of PyPI (dependency confusion); this check asks PyPI only.',
    );
  }
  if (INDEX_OPTIONS.test(text)) return skipped(`pip option ${text.split(/[\s=]/)[0]}: where pip looks for packages, not a package.`);
  return skipped(`pip option ${text.split(/[\s=]/)[0]}: not a package.`);
}

/** "pip install requests==2.0" → a hint naming what to paste instead. */
function commandHint(text: string): string {
  const match = /\bpip[0-9.]*\s+install\s+(.+)$/i.exec(text) ?? /-m\s+pip\s+install\s+(.+)$/i.exec(text);
  if (!match) return '';
  const args = match[1]!.split(/\s+/).filter((a) => !a.startsWith('-') && !/[|&;<>`$]/.test(a));
  return args.length > 0 ? ` Paste only the requirements (${args.slice(0, 3).join(' ')}), one per line.` : '';
}

function parserMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const at = /col (\d+): (expected[^.]*)/.exec(message);
  return at ? `column ${at[1]}: ${at[2]!.slice(0, 80)}` : 'not a PEP 508 requirement';
}

/** Says which characters make a name illegal, so the reader can fix the typo. */
export function nameProblem(name: string): string {
  const rule = 'Names use letters, digits, “.”, “_” and “-”, and start and end with a letter or digit.';
  if (name.length > 200) return `That name is ${groupDigits(name.length)} characters long; PyPI names are far shorter. ${rule}`;
  const illegal = [...new Set([...name].filter((c) => !/[A-Za-z0-9._-]/.test(c)))];
  const shownName = name.length > 60 ? `${name.slice(0, 57)}…` : name;
  if (illegal.length > 0) {
    const list = illegal
      .slice(0, 5)
      .map((c) => (c === ' ' ? 'space' : `“${c}”`))
      .join(', ');
    return `“${shownName}” is not a valid package name: ${list} ${illegal.length === 1 ? 'is' : 'are'} not allowed. ${rule}`;
  }
  return `“${shownName}” is not a valid package name. ${rule}`;
}
