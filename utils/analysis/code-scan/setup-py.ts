// Checks on Python code that runs when pip installs a source distribution (setup.py and other build
// hooks), also used on .pth lines and wheel scripts. Each check names the line and the matched text,
// so the reader can judge it; levels follow what the code can do to the installing machine.
// Just over 300 lines: one check per threat pattern, kept beside the others so their levels are read together.
import { worstFirst } from '../../contract/levels';
import type { CodeCheck, CodeRuns, Level } from '../../contract/report';
import { drain, lineWeight, type Steps } from './pace';
import {
  CODE,
  COMMENT,
  enclosingHeaders,
  entropy,
  excerpt,
  QUOTE,
  readPythonSteps,
  type LogicalLine,
  type PythonSource,
} from './python-source';
import { groupDigits } from '../../lib/numbers';
import { deferredLines, foldAll, threatState, threatsOf } from './threats';
import { invisibleCharacters } from './families';

export type LineFinding = {
  check: CodeCheck;
  level: Level;
  path: string;
  /** null when the finding is about a whole file (a shadowing package folder). */
  line: number | null;
  excerpt: string;
  detail: string;
  /** Findings like this one left out after it by a cap. */
  moreLikeThis?: number;
  /** When the code runs, when the scanner knows better than the file's place (import-time files: module level or in a function). */
  runs?: CodeRuns;
};

// The install-code rule declares these three with their reasons (the rules page shows them); a unit test keeps the values in step.
export const LONG_LINE_CHARS = 500;
export const HIDDEN_AFTER_BLANKS = 60;
export const HIGH_ENTROPY_BITS = 4.9;
export const HIGH_ENTROPY_MIN_CHARS = 100;
/** How base64 of an image starts (PNG, GIF, JPEG, SVG, ICO): data, not code. */
const IMAGE_BASE64 = /^(?:iVBORw0KGgo|R0lGOD[dl]h|\/9j\/|PHN2Zy|PD94bWwg|AAABAA)/;
/** A PEM block (a certificate or public key a client pins): base64 data in its armour, not code. */
const PEM_ARMOUR = /-----BEGIN [A-Z0-9 ]{1,40}-----/;
/**
 * Share of a string's characters that must be the alphabet of an encoded payload (base64, base32, hex: letters,
 * digits, + / = - _) before its entropy counts: a regex, a C template or text in another script reaches the same
 * entropy from its punctuation or its many letters, and encodes nothing.
 */
const PAYLOAD_ALPHABET_SHARE = 0.85;
const URL_ONLY = /^https?:\/\/[^\s'"]+$/;
/**
 * Share of blanks above which a string literal is text, not a packed payload: English has one blank in five or
 * six characters, markup headers (a DOCTYPE) one in fourteen; base64 wrapped at 76 columns one in 77.
 */
const PROSE_BLANKS = 0.05;
/** Long unbroken runs of base64 (300) or hex (200) alphabet: encoded payloads, whatever their entropy. */
const BASE64_RUN_CHARS = 300;
const HEX_RUN_CHARS = 200;

/** At most this many findings of one check per file: the first few make the point. */
export const MAX_PER_CHECK = 5;
/** Blanks before code on one line: built once (a RegExp per line was a cost of its own). */
const HIDDEN_AFTER = new RegExp(`\\S[ \\t]{${HIDDEN_AFTER_BLANKS},}(\\S)`);
const IDENTIFIER = /[A-Za-z_]\w*/g;
/** PEP 263: a coding declaration in a comment on line 1 or 2. */
const CODING = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
/** Encodings under which the text we read is the text Python runs (ASCII-compatible, no escapes). */
const PLAIN_CODINGS = /^(?:utf[-_]?8(?:[-_]sig)?|latin[-_]?1|iso[-_]?8859[-_]?1|l1|ascii|us[-_]ascii|cp1252|windows[-_]1252)(?:$|[-_])/i;

const NETWORK_MODULES = new Set([
  'socket',
  'requests',
  'urllib.request',
  'urllib2',
  'urllib3',
  'httpx',
  'aiohttp',
  'http.client',
  'httplib',
  'ftplib',
  'smtplib',
  'telnetlib',
  'pycurl',
  'paramiko',
  'websocket',
  'websockets',
]);
const PROCESS_MODULES = new Set(['subprocess', 'pty', 'commands']);
const NETWORK_CALL =
  /\b(?:urlopen|urlretrieve)\s*\(|\brequests\.(?:get|post|put|patch|delete|head|request|Session)\s*\(|\bsocket\.(?:socket|create_connection)\s*\(|\bHTTPS?Connection\s*\(|\bhttpx\.(?:get|post|stream|Client|AsyncClient)\s*\(/;
const PROCESS_CALL =
  /\bsubprocess\.(?:Popen|call|run|check_call|check_output|getoutput|getstatusoutput)\s*\(|\bos\.(?:system|popen|exec[lv]p?e?|spawn[lv]p?e?|posix_spawnp?|startfile)\s*\(|\bpty\.spawn\s*\(|\bcommands\.getoutput\s*\(|\)\s*\.\s*(?:system|popen)\s*\(/;
const DYNAMIC_IMPORT = /(?:__import__|import_module)\s*\(\s*['"]([\w.]+)['"]/g;
/** exec/eval/compile called as a builtin (not re.compile), also through builtins or __import__('builtins'). */
const EXEC_SINK =
  /(?:^|[^\w.])(?:exec|eval|compile)\s*\(|(?:\)|\bbuiltins|__builtins__)\s*\.\s*(?:exec|eval|compile)\s*\(|\b(?:marshal|pickle)\.loads\s*\(/;
const DECODER =
  /\b(?:b64decode|b32decode|b16decode|b85decode|a85decode|urlsafe_b64decode|decodebytes|decodestring|unhexlify|a2b_base64|a2b_hex)\s*\(|\b(?:zlib|lzma|bz2|gzip)\.decompress\s*\(|\bcodecs\.decode\s*\(|\bmarshal\.loads\s*\(|\bFernet\s*\([^)]*\)\s*\.\s*decrypt\s*\(/;
const ROT13 = /\.decode\s*\(\s*['"](?:rot.?13|hex|base64|zlib|bz2)['"]/;
/** setuptools/distutils commands that run during installation (pip install, setup.py develop, egg_info). */
const HOOK_COMMANDS = new Set([
  'install',
  'develop',
  'egg_info',
  'install_lib',
  'install_scripts',
  'install_data',
  'install_egg_info',
  'bdist_egg',
]);

/** build: a build hook; pth: a .pth line; script: an installed script; import: a module run by `import`. */
export type ScanContext = 'build' | 'pth' | 'script' | 'import';

/** Code that runs only when called is judged a level lower: it may never run. */
function lower(level: Level): Level {
  return level === 'danger' ? 'caution' : level === 'caution' ? 'info' : level;
}

/** Logical lines checked between two yields of scanPythonSteps. */
const LINES_PER_STEP = 512;

/** Everything we match in one Python file (or .pth line set) that runs at install or start-up. */
export function scanPython(path: string, text: string, context: ScanContext = 'build'): LineFinding[] {
  return drain(scanPythonSteps(path, text, context));
}

/**
 * scanPython as paced work: it yields the units done (about a line each), so the caller (pace.ts
 * `runPaced`) can let the worker answer messages while a 2 MB setup.py is read.
 */
export function* scanPythonSteps(path: string, text: string, context: ScanContext = 'build'): Steps<LineFinding[]> {
  const read = yield* readPythonSteps(text);
  // Python folds identifiers with NFKC before it runs them (ｅｘｅｃ is exec): match on what it runs.
  const source = { ...read, logical: foldAll(read.logical, text) };
  const findings = new CappedFindings();
  const importing = context === 'import';
  const deferred = importing ? deferredLines(source) : null;
  let soft = false;
  const add = (ll: { line: number }, check: CodeCheck, level: Level, raw: string, at: number, detail: string) =>
    findings.push({
      check,
      level: soft ? lower(level) : level,
      path,
      line: ll.line,
      excerpt: excerpt(raw, at),
      detail: soft ? `${detail} (Inside a function nothing at module level calls: it runs only when used.)` : detail,
      ...(importing ? { runs: soft ? ('package' as const) : ('import' as const) } : {}),
    });
  const threats = yield* threatState(source, deferred);

  const coding = context === 'pth' ? null : foreignCoding(source);
  if (coding) findings.push(coding(path));
  const decodedNames = yield* namesAssignedFromDecoders(source);
  const hooks = context === 'build' ? yield* installHooks(source) : [];
  const hasDanger = new Set<Hook>();
  let nextHook = 0;
  for (let index = 0; index < source.logical.length; index++) {
    const ll = source.logical[index]!;
    if (index % LINES_PER_STEP === LINES_PER_STEP - 1) yield LINES_PER_STEP;
    const weight = lineWeight(ll.raw.length);
    if (weight > 0) yield weight;
    // Hooks are in line order: the first whose body has not ended yet is the only one that can enclose ll.
    while (nextHook < hooks.length && hooks[nextHook]!.lastLine < ll.line) nextHook += 1;
    const candidate = hooks[nextHook];
    const hook = candidate && ll.line > candidate.header.line ? candidate : undefined;
    const inHook = hook ? ` inside the custom ${hook.command} step (class ${hook.name})` : '';
    soft = deferred?.[index] ?? false;
    for (const t of threatsOf(ll, threats, read.logical[index]!.code, threats.scopes[index])) {
      if (inComment(source, ll, t.at)) continue; // a URL or command in a comment runs nothing
      if (hook && t.level === 'danger') hasDanger.add(hook);
      add(ll, t.check, t.level, ll.raw, t.at, t.detail);
    }

    const decoded = decodedExec(ll, decodedNames, threats.execAliases) ?? decodedExecInChildPython(ll);
    if (decoded !== null) {
      if (hook) hasDanger.add(hook);
      add(
        ll,
        'decoded-exec',
        'danger',
        ll.raw,
        decoded,
        `Runs code it first decodes (exec/eval of base64, zlib, marshal or similar)${inHook}: the real code is hidden from a reader.`,
      );
    }
    if (context === 'script' || soft) continue; // code run only when called: only threats matter there

    const network = networkUse(ll);
    // At every Python start (.pth) or inside an install hook, reaching out is never routine.
    const alarming = hook !== undefined || context === 'pth';
    if (network !== null) {
      // At import a socket is a capability (every client library has one); only what it sends is a threat.
      const level: Level = alarming ? 'danger' : importing ? 'info' : 'caution';
      if (hook && level === 'danger') hasDanger.add(hook);
      add(
        ll,
        'network',
        level,
        ll.raw,
        network,
        `Opens network connections${inHook || (context === 'pth' ? ' at every Python start' : importing ? ' when the package is imported (a client library does; what it sends is checked separately)' : ' while the package is being installed')}.`,
      );
    }
    const process = processUse(ll);
    if (process !== null) {
      const guard = developerGuard(source, index);
      const asksGit = /['"]git['"\s]/.test(ll.raw);
      const level: Level = alarming ? 'danger' : guard || asksGit || importing ? 'info' : 'caution';
      if (hook && level === 'danger') hasDanger.add(hook);
      const why = guard
        ? ` only when setup.py is run by hand with a command-line argument (${guard.trim().slice(0, 60)}), not during pip install`
        : asksGit
          ? ' to ask git for version data'
          : inHook ||
            (context === 'pth'
              ? ' at every Python start'
              : importing
                ? ' when the package is imported (a capability; what it runs is checked separately)'
                : ' while the package is being installed');
      add(ll, 'process', level, ll.raw, process, `Starts other programs${why}.`);
    }
  }
  for (const hook of hooks) {
    const danger = hasDanger.has(hook);
    add(
      hook.header,
      'install-hook',
      danger ? 'danger' : 'caution',
      hook.header.raw,
      0,
      `Replaces the ${hook.command} step with its own code (class ${hook.name}): it runs with your rights during installation${danger ? ' and does what the lines below show' : ''}.`,
    );
  }
  // Physical lines of code that runs only when called: an obfuscated line there is judged a level lower, as every check is.
  const deferredPhysical = new Set<number>();
  if (deferred) source.logical.forEach((ll, i) => deferred[i] && rangeInto(deferredPhysical, ll.line, ll.lastLine));
  yield* obfuscatedLines(path, source, (f) =>
    findings.push(
      !importing
        ? f
        : deferredPhysical.has(f.line ?? 0)
          ? {
              ...f,
              level: lower(f.level),
              detail: `${f.detail} (Inside a function nothing at module level calls: it runs only when used.)`,
              runs: 'package',
            }
          : { ...f, runs: 'import' },
    ),
  );
  for (const f of invisibleCharacters(read)) {
    findings.push({
      check: 'invisible-character',
      level: f.level,
      path,
      line: f.line,
      excerpt: showInvisible(excerpt(read.lines[f.line - 1] ?? '', f.column)),
      detail: f.detail,
      ...(importing ? { runs: 'import' as const } : {}),
    });
  }
  // A few findings per check by now: this sort is of what is shown, not of what was found.
  return findings.result().sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}

/** Whether offset `at` of a logical line's raw text (its physical lines joined by a space) lies in a comment. */
function inComment(source: PythonSource, ll: LogicalLine, at: number): boolean {
  let offset = at;
  for (let line = ll.line; line <= ll.lastLine; line++) {
    const length = source.lines[line - 1]?.length ?? 0;
    if (offset <= length) return source.kinds[source.lineStarts[line - 1]! + offset] === COMMENT;
    offset -= length + 1;
  }
  return false;
}

function rangeInto(set: Set<number>, from: number, to: number): void {
  for (let n = from; n <= to; n++) set.add(n);
}

/** Invisible characters written as their code point, so the excerpt shows what the line hides. */
function showInvisible(text: string): string {
  return text.replace(
    /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u180e\u3164\uffa0\u115f\u1160\ufeff]/g,
    (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`,
  );
}

function networkUse(ll: LogicalLine): number | null {
  for (const module of importedModules(ll.code)) if (NETWORK_MODULES.has(module)) return 0;
  const call = ll.code.includes('(') ? NETWORK_CALL.exec(ll.code) : null;
  if (call) return call.index;
  return dynamicImport(ll.raw, NETWORK_MODULES);
}

function processUse(ll: LogicalLine): number | null {
  if (ll.code.includes('import') && /^\s*from\s+(?:subprocess|pty|commands)\s+import\b/.test(ll.code)) return 0;
  const call = ll.code.includes('(') ? PROCESS_CALL.exec(ll.code) : null;
  if (call) return call.index;
  return dynamicImport(ll.raw, PROCESS_MODULES);
}

function dynamicImport(raw: string, modules: Set<string>): number | null {
  if (!raw.includes('import')) return null; // both __import__ and import_module: skip the matchAll on other lines
  for (const match of raw.matchAll(DYNAMIC_IMPORT)) if (modules.has(match[1]!)) return match.index ?? 0;
  return null;
}

/** Module names an import statement brings in: "import a.b, c as d" → a.b, c; "from urllib import request" → urllib.request. */
export function importedModules(code: string): string[] {
  if (!code.includes('import')) return [];
  const plain = /^\s*import\s+(.+)$/.exec(code);
  if (plain)
    return plain[1]!
      .split(',')
      .map((part) => part.trim().split(/\s+/)[0] ?? '')
      .filter(Boolean);
  const from = /^\s*from\s+([\w.]+)\s+import\s+\(?([^)]*)\)?/.exec(code);
  if (!from) return [];
  const names = from[2]!
    .split(',')
    .map((part) => part.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
  return [from[1]!, ...names.map((name) => `${from[1]}.${name}`)];
}

function* namesAssignedFromDecoders(source: PythonSource): Steps<Set<string>> {
  const names = new Set<string>();
  for (let index = 0; index < source.logical.length; index++) {
    if (index % LINES_PER_STEP === LINES_PER_STEP - 1) yield LINES_PER_STEP;
    const ll = source.logical[index]!;
    // Both patterns need a call: a line without one is not matched at all.
    if (!ll.code.includes('(') && !ll.raw.includes('(')) continue;
    const assign = /^\s*([A-Za-z_]\w*)\s*=(?!=)(.*)$/.exec(ll.code);
    if (assign && (DECODER.test(assign[2]!) || ROT13.test(ll.raw))) names.add(assign[1]!);
  }
  return names;
}

/** Where an exec/eval/compile of decoded data starts in this statement, or null. */
function decodedExec(ll: LogicalLine, decodedNames: Set<string>, aliases: Set<string>): number | null {
  if (!ll.code.includes('(')) return null; // every sink is a call
  const sink = EXEC_SINK.exec(ll.code) ?? aliasCall(ll.code, aliases);
  if (!sink) return null;
  const after = ll.code.slice(sink.index);
  if (DECODER.test(after) || ROT13.test(ll.raw.slice(sink.index))) return sink.index;
  // One pass over the identifiers after the sink (a RegExp per decoded name per line was quadratic).
  if (decodedNames.size > 0) for (const [name] of after.matchAll(IDENTIFIER)) if (decodedNames.has(name)) return sink.index;
  return null;
}

/** A call through a name bound to exec (`exec_(code)`), as a match of EXEC_SINK would be. */
function aliasCall(code: string, aliases: Set<string>): { index: number } | null {
  if (aliases.size === 0) return null;
  for (const m of code.matchAll(/(?<![\w.])([A-Za-z_]\w*)\s*\(/g)) if (aliases.has(m[1]!)) return { index: m.index ?? 0 };
  return null;
}

/** `Popen([sys.executable, "-c", "import base64; exec(base64.b64decode(...))"])`: the decoded run hides in a string. */
function decodedExecInChildPython(ll: LogicalLine): number | null {
  if (!/["']\s*-c\b|\s-c\s/.test(ll.raw) || processUse(ll) === null) return null;
  const sink = /\b(?:exec|eval)\s*\(/.exec(ll.raw);
  return sink && (DECODER.test(ll.raw) || ROT13.test(ll.raw)) ? sink.index : null;
}

/** `if sys.argv[-1] == "publish":` and the like: a maintainer's shortcut, not part of pip install. */
function developerGuard(source: PythonSource, index: number): string | null {
  const header = enclosingHeaders(source, index).find((h) => /^\s*(?:if|elif)\b/.test(h.code) && /\bsys\.argv\b/.test(h.code));
  return header ? header.raw : null;
}

type Hook = { header: LogicalLine; name: string; command: string; lastLine: number };

function* installHooks(source: PythonSource): Steps<Hook[]> {
  if (!source.logical.some((ll) => ll.code.includes('cmdclass') && /\bcmdclass\b/.test(ll.code))) return [];
  const aliases = new Map<string, string>();
  for (let index = 0; index < source.logical.length; index++) {
    if (index % LINES_PER_STEP === LINES_PER_STEP - 1) yield LINES_PER_STEP;
    const from = /^\s*from\s+(?:setuptools|distutils)\.command\.(\w+)\s+import\s+\(?([^)]*)\)?/.exec(source.logical[index]!.code);
    if (!from || !HOOK_COMMANDS.has(from[1]!)) continue;
    for (const part of from[2]!.split(',')) {
      // "install" or "install as _install": the last word (a /(\w+)\s*$/ search retried from every letter of a long one).
      const alias = part.trim().split(/\s+/).pop() ?? '';
      if (/^\w+$/.test(alias)) aliases.set(alias, from[1]!);
    }
  }
  const hooks: Hook[] = [];
  for (let index = 0; index < source.logical.length; index++) {
    if (index % LINES_PER_STEP === LINES_PER_STEP - 1) yield LINES_PER_STEP;
    const ll = source.logical[index]!;
    const cls = /^\s*class\s+(\w+)\s*\(([^)]*)\)\s*:/.exec(ll.code);
    if (!cls) continue;
    const command = cls[2]!
      .split(',')
      .map((base) => base.trim())
      .map((base) => aliases.get(base) ?? (base.split('.').pop() ?? '').replace(/^_+/, ''))
      .find((base) => HOOK_COMMANDS.has(base));
    if (!command) continue;
    // Walk the body in place (a copy of the rest of the file per class was quadratic).
    let end = index + 1;
    while (end < source.logical.length && source.logical[end]!.indent > ll.indent) end += 1;
    hooks.push({ header: ll, name: cls[1]!, command, lastLine: source.logical[end - 1]!.lastLine });
  }
  return hooks;
}

/** Code or a quote (not string content, not a comment), at an offset of PythonSource.kinds. */
function codeAt(source: PythonSource, at: number): boolean {
  const kind = source.kinds[at];
  return kind === CODE || kind === QUOTE;
}

/**
 * Identifier and number characters ([A-Za-z0-9_]) of one line that are code or quotes, counted until one past
 * `max` (the caller asks only whether there are more): char codes, not a regex test per character of a 2 MB line.
 */
function codeWordChars(kinds: Uint8Array, start: number, text: string, max: number): number {
  const [code, quote] = [CODE, QUOTE]; // read once: an imported binding can cost a getter call per read
  let count = 0;
  for (let k = 0; k < text.length && count <= max; k++) {
    const kind = kinds[start + k];
    if (kind !== code && kind !== quote) continue;
    const c = text.charCodeAt(k);
    if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) count += 1;
  }
  return count;
}

function* obfuscatedLines(path: string, source: PythonSource, found: (finding: LineFinding) => void): Steps<void> {
  const findings = { push: found };
  const flagged = new Set<number>();
  const flag = (line: number, at: number, detail: string) => {
    if (flagged.has(line)) return;
    flagged.add(line);
    findings.push({ check: 'obfuscated-line', level: 'caution', path, line, excerpt: excerpt(source.lines[line - 1] ?? '', at), detail });
  };
  for (let i = 0; i < source.lines.length; i++) {
    const text = source.lines[i]!;
    if (i % (2 * LINES_PER_STEP) === 2 * LINES_PER_STEP - 1) yield 2 * LINES_PER_STEP;
    const weight = lineWeight(text.length);
    if (weight > 0) yield weight;
    const start = source.lineStarts[i]!;
    const hidden = text.length > HIDDEN_AFTER_BLANKS + 1 ? HIDDEN_AFTER.exec(text) : null;
    // Blanks inside a string (a long_description) hide nothing: the blanks and what follows must be code.
    if (hidden && codeAt(source, start + hidden.index + 1) && codeAt(source, start + hidden.index + hidden[0].length - 1)) {
      flag(
        i + 1,
        hidden.index + hidden[0].length - 1,
        `Code follows ${hidden[0].length - 2} blanks on one line: pushed past the edge of the screen so a reader misses it.`,
      );
      continue;
    }
    // Count code only: a long string literal is judged by the entropy check below.
    if (text.length <= LONG_LINE_CHARS) continue;
    if (codeWordChars(source.kinds, start, text, LONG_LINE_CHARS) > LONG_LINE_CHARS) {
      flag(i + 1, 0, `A ${groupDigits(text.length)}-character line: packed or generated code hides what it does.`);
    }
  }
  for (const literal of source.strings) {
    const compact = literal.text.replace(/\s+/g, '');
    if (compact.length < HIGH_ENTROPY_MIN_CHARS) continue;
    yield 1 + Math.floor(compact.length / 64);
    // Prose (a docstring) has a blank every few characters; without them its letters reach payload entropy.
    const prose = literal.text.length - compact.length >= literal.text.length * PROSE_BLANKS;
    if (IMAGE_BASE64.test(compact) || PEM_ARMOUR.test(literal.text)) continue; // an embedded icon or a pinned certificate
    const bits = entropy(compact);
    // A web address reads as one (its entropy is its path's); only a long encoded run inside it counts.
    const payloadShaped = !URL_ONLY.test(compact) && payloadChars(compact) >= compact.length * PAYLOAD_ALPHABET_SHARE;
    // A prose run is counted with its blanks: joined up, its words make one long "base64" run.
    const dense = !prose && payloadShaped && bits >= HIGH_ENTROPY_BITS;
    if (dense || hasEncodedRun(prose ? literal.text : compact)) {
      const line = source.lines[literal.line - 1] ?? '';
      flag(
        literal.line,
        Math.max(0, line.indexOf(literal.text.slice(0, 20))),
        dense
          ? `A ${groupDigits(compact.length)}-character string of ${bits.toFixed(1)} bits per character: the shape of an encoded payload, not of text.`
          : // A low-entropy run (hex, or two symbols standing for bits) encodes as well: named by its run, not its entropy.
            `A ${groupDigits(compact.length)}-character string holding an unbroken run of at least ${HEX_RUN_CHARS} hex or ${BASE64_RUN_CHARS} base64 characters: the shape of encoded data, not of text.`,
      );
    }
  }
}

/** The order a cap keeps findings in: worst first, then by line (ties keep their arrival order). */
const capOrder = (a: LineFinding, b: LineFinding) => worstFirst(a.level, b.level) || (a.line ?? 0) - (b.line ?? 0);

/**
 * At most `max` findings of each check as they arrive, worst first (so the cap never drops a danger in favour
 * of a note); the last one kept counts what was left out after it, its own count included. Capped as they
 * stream: each group holds `max` findings at most, so no file ends with a sort of all it found (a flood of
 * 300,000 findings of one check cost a sort and as many objects held till the end).
 */
export class CappedFindings {
  private readonly groups = new Map<string, { kept: LineFinding[]; cut: number }>();
  constructor(private readonly max = MAX_PER_CHECK) {}

  push(finding: LineFinding): void {
    let group = this.groups.get(finding.check);
    if (!group) this.groups.set(finding.check, (group = { kept: [], cut: 0 }));
    const { kept } = group;
    // After every kept finding that sorts before it or with it: what a stable sort of them all would give.
    let at = kept.length;
    while (at > 0 && capOrder(kept[at - 1]!, finding) > 0) at -= 1;
    if (at >= this.max) {
      group.cut += 1 + (finding.moreLikeThis ?? 0);
      return;
    }
    kept.splice(at, 0, finding);
    if (kept.length > this.max) group.cut += 1 + (kept.pop()!.moreLikeThis ?? 0);
  }

  /** The kept findings, by check in order of first arrival, each group worst first. */
  result(): LineFinding[] {
    const out: LineFinding[] = [];
    for (const { kept, cut } of this.groups.values()) {
      for (let k = 0; k < kept.length; k++) {
        const f = kept[k]!;
        out.push(cut > 0 && k === kept.length - 1 ? { ...f, moreLikeThis: (f.moreLikeThis ?? 0) + cut } : f);
      }
    }
    return out;
  }
}

/** CappedFindings over a list at once. */
export function capPerCheck(findings: LineFinding[], max = MAX_PER_CHECK): LineFinding[] {
  const capped = new CappedFindings(max);
  for (const f of findings) capped.push(f);
  return capped.result();
}

/** A PEP 263 declaration of an encoding that can make a comment into code (utf-7, unicode_escape…), as a finding. */
function foreignCoding(source: PythonSource): ((path: string) => LineFinding) | null {
  for (const [i, text] of source.lines.slice(0, 2).entries()) {
    const declared = CODING.exec(text);
    if (!declared) {
      if (/^[ \t\f]*(?:#|$)/.test(text)) continue; // PEP 263: line 2 counts only after a comment or blank line 1
      return null;
    }
    const name = declared[1]!;
    if (PLAIN_CODINGS.test(name)) return null;
    return (path) => ({
      check: 'not-checked',
      level: 'caution',
      path,
      line: i + 1,
      excerpt: excerpt(text),
      detail: `Declares its encoding as "${name}": Python decodes the file that way before running it, so what reads here as a comment or a string can be code; not checked as Python runs it.`,
    });
  }
  return null;
}

/**
 * A run of BASE64_RUN_CHARS base64 characters or HEX_RUN_CHARS hex digits, counted in one pass (the
 * regex /[…]{300,}/ retried from every position of each shorter run: quadratic on "a…a!a…a!").
 */
export function hasEncodedRun(text: string): boolean {
  let base64 = 0;
  let hex = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    base64 = isPayloadChar(c) ? base64 + 1 : 0;
    hex = (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) ? hex + 1 : 0; // [0-9a-fA-F]
    if (base64 >= BASE64_RUN_CHARS || hex >= HEX_RUN_CHARS) return true;
  }
  return false;
}

/** [A-Za-z0-9+/=_-]: the alphabet of base64, base32 and hex, as a char code. */
function isPayloadChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 43 || c === 47 || c === 61 || c === 95 || c === 45;
}

/** How many characters of `text` are of the payload alphabet (a global match built an array of them all: 2 M strings on 2 MB). */
function payloadChars(text: string): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) if (isPayloadChar(text.charCodeAt(k))) count += 1;
  return count;
}
