// Threat patterns, as opposed to capabilities (GuardDog's split): what code is doing that a library
// has no reason to do — sending the environment away, hiding a name in escapes, reaching exec through
// builtins, writing identifiers in letters Python folds to others. Each is judged on one statement,
// with names the file assigned earlier (a variable holding os.environ, an escaped string).
import { enclosingHeaders, type LogicalLine, type PythonSource } from './python-source';
import { lineWeight, type Steps } from './pace';
import { emptyFamilyState, familyThreats, noteFamilies, RUNS, type FamilyState, type Threat } from './families';

export type { Threat };

/** The environment as a whole (not one variable read: `os.environ.get("TOKEN")` is how clients take a key). */
const BULK_ENV =
  /\bos\.environ\s*\.\s*(?!get\b|setdefault\b|pop\b|update\b|__contains__\b)\w+|(?<!\bin\s{0,4})\bos\.environ\b(?!\s*[.[])|\benviron\.copy\s*\(/;
const ONE_ENV_READ = /\bos\.getenv\s*\(|\benviron\.get\s*\(|\benviron\s*\[/g;
/** Reads of this many variables in one statement are a collection, not a setting. */
const BULK_READS = 3;
/** Files that hold credentials: SSH keys, cloud and registry tokens, browser logins and cookies, wallets. */
const SECRET_PATH =
  /\.ssh\/|\.aws\/credentials|\.config\/gcloud|\.kube\/config|\.docker\/config\.json|\.git-credentials|\.pypirc|\.npmrc|Login Data|Local State|Cookies|Local Storage[\\/]+leveldb|wallet\.dat|Exodus|Electrum|\/etc\/shadow/;
/** Fetch-and-run shapes: a shell fed from curl/wget, PowerShell encoded or hidden, Windows download helpers. */
const DOWNLOAD_RUN =
  /\b(?:curl|wget)\b[^|;'"]*\|\s*(?:ba|z)?sh\b|\bpowershell(?:\.exe)?\b[^'"]*\s-(?:e|en|enc|encodedcommand)\s|-w(?:indowstyle)?\s+hidden\b|\bDownloadString\s*\(|\bInvoke-WebRequest\b|\bcertutil(?:\.exe)?\s+-urlcache\b|\bmshta(?:\.exe)?\s+https?:/i;
/** A shell handed to the network: a child `python -c` that connects out, /dev/tcp, nc -e, pty.spawn over a socket. */
const REVERSE_SHELL =
  /\/dev\/tcp\/|\bnc(?:at)?\s+(?:-\w+\s+)*-e\s|\b(?:bash|sh)\s+-i\b[^'"]*[>&]|\bdup2\s*\([^)]*fileno|\bpty\.spawn\s*\(\s*['"]\/bin\/(?:ba)?sh/;
const CHILD_PYTHON_CONNECTS = /["']\s*-c\s*["'][^)]*\b(?:socket|create_connection|connect\s*\()/;
const FETCH = /\b(?:urlopen|urlretrieve)\s*\(|\brequests\.(?:get|post|request)\s*\(|\bhttpx\.get\s*\(/;
/** A call that sends bytes somewhere. */
const SEND =
  /\brequests\.(?:get|post|put|patch|request)\s*\(|\b(?:urlopen|urlretrieve|Request)\s*\(|\.(?:sendall|sendto|send|post|put)\s*\(|\bhttpx\.(?:get|post|put)\s*\(|\.request\s*\(/;
/** Where stolen data goes: webhooks, paste sites, shorteners, tunnels, request catchers, bare IP addresses (not loopback, private or link-local: the cloud metadata service at 169.254.169.254 is a source, never a drop). */
const DROP_HOST =
  /\b(?:discord(?:app)?\.com\/api\/webhooks|api\.telegram\.org\/bot|hooks\.slack\.com\/services|pastebin\.com|paste\.ee|hastebin\.com|transfer\.sh|bit\.ly\/|tinyurl\.com\/|is\.gd\/|rentry\.co|webhook\.site|pipedream\.net|requestbin|ngrok(?:-free)?\.(?:io|app|dev)|oast\.(?:fun|me|live|pro|site|online)|interact\.sh|burpcollaborator\.net)|\bhttps?:\/\/(?!(?:127\.|0\.0\.0\.0|10\.|192\.168\.|169\.254\.|172\.(?:1[6-9]|2\d|3[01])\.))\d{1,3}(?:\.\d{1,3}){3}\b/;
/** A string literal made only of escapes: "\145\166\141\154", '\x65\x78\x65\x63'. */
const ESCAPED_LITERAL = /(?<![rR\w])(['"])((?:\\(?:x[0-9a-fA-F]{2}|[0-7]{1,3}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}))+)\1/g;
const MIN_ESCAPES = 3;
/** Where a hidden name or payload does harm. */
const SINK = /(?:^|[^\w.])(?:exec|eval|compile|getattr|__import__|import_module)\s*\(|\.(?:system|popen)\s*\(/;
/** getattr on the modules that reach exec/system, or their namespaces indexed. */
const INDIRECT_GETATTR =
  /\b(?:getattr|__getattribute__)\s*\(\s*(?:builtins|__builtins__|os|subprocess|posix|nt|__import__\s*\([^)]*\)|importlib\.import_module\s*\([^)]*\))\s*,\s*(.+?)\)/;
const INDIRECT_INDEX =
  /(?:\b__builtins__\s*(?:\.\s*__dict__\s*)?|\b(?:builtins|os|subprocess|sys)\s*\.\s*__dict__\s*|\b(?:globals|locals|vars)\s*\(\s*\w*\s*\)\s*)\[\s*(.+?)\]/;
const DANGEROUS_NAME =
  /^['"](?:exec|eval|compile|__import__|system|popen|startfile|spawn[lv]p?e?|exec[lv]p?e?|Popen|check_output|getoutput)['"]$/;
/** A key computed to hide its text: concatenated, joined, reversed, escaped or decoded. */
const COMPUTED_KEY =
  /['"]\s*\+\s*[rbuRBU]?['"]|\.join\s*\(|\[\s*::\s*-1\s*\]|\\x[0-9a-fA-F]{2}|\\[0-7]{3}|\bchr\s*\(|decode\s*\(|fromhex|b64/;
/** Names whose look-alike spelling hides a dangerous call. */
const SENSITIVE_NAMES = new Set([
  'exec',
  'eval',
  'compile',
  '__import__',
  'getattr',
  'system',
  'popen',
  'os',
  'subprocess',
  'socket',
  'builtins',
  '__builtins__',
  'base64',
  'b64decode',
  'marshal',
  'loads',
  'urlopen',
  'requests',
]);
/** Any character outside ASCII (a fast test before folding). */
const NON_ASCII = /[^\t\n\r\u0020-\u007f]/;
const WORD = /[\p{L}\p{N}_\p{Mn}\p{Mc}\p{Pc}]+/gu;
const IDENT = /[A-Za-z_]\w*/g;
const USED_NAME = /(?<![\w.])[A-Za-z_]\w*(?!\w|\s*\.)/g;

export type ThreatState = {
  /** Variables holding the environment (or a collection of its variables). */
  envNames: Set<string>;
  /** Variables holding a fully escaped string, and what it decodes to. */
  escapedNames: Map<string, string>;
  /** The file sends something over the network somewhere. */
  sends: boolean;
  /** What families.ts needs of the whole file (downloads, programs, network, names it tracks). */
  families: FamilyState;
  /** Per logical line, where it runs (scopeKeys). */
  scopes: string[];
  /** Names bound to exec/eval/compile by a plain getattr(builtins, "exec") (the Python 2/3 compatibility idiom). */
  execAliases: Set<string>;
};

/** `exec_ = getattr(builtins, "exec")`: a compatibility alias, readable as written; calls through it are exec calls. */
const EXEC_ALIAS =
  /^\s*([A-Za-z_]\w*)\s*=\s*getattr\s*\(\s*(?:builtins|__builtins__|__import__\s*\(\s*['"]builtins['"]\s*\))\s*,\s*['"](?:exec|eval|compile)['"]\s*\)\s*$/;

function decodeEscapes(body: string): string {
  return body.replace(/\\(?:x([0-9a-fA-F]{2})|([0-7]{1,3})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))/g, (_, x, o, u, U) =>
    String.fromCodePoint(parseInt(x ?? u ?? U ?? o, x || u || U ? 16 : 8)),
  );
}

/** Fully escaped literals of a statement whose decoding is printable text, with where each starts. */
function escapedLiterals(raw: string): { at: number; text: string }[] {
  if (!raw.includes('\\')) return [];
  const out: { at: number; text: string }[] = [];
  for (const m of raw.matchAll(ESCAPED_LITERAL)) {
    if ((m[2]!.match(/\\/g)?.length ?? 0) < MIN_ESCAPES) continue;
    const text = decodeEscapes(m[2]!);
    if (/^[\x20-\x7e\t\n]+$/.test(text)) out.push({ at: m.index ?? 0, text });
  }
  return out;
}

/** The environment as a whole, several of its variables, or a credential file. */
function hasBulkEnv(ll: LogicalLine): boolean {
  return BULK_ENV.test(ll.code) || SECRET_PATH.test(ll.raw) || (ll.code.match(ONE_ENV_READ)?.length ?? 0) >= BULK_READS;
}

/** One pass (two for a name assigned from another) over the assignments: what holds the environment or an escaped name. */
export function* threatState(source: PythonSource, deferred: boolean[] | null = null): Steps<ThreatState> {
  const envNames = new Set<string>();
  const escapedNames = new Map<string, string>();
  let sends = false;
  const families = emptyFamilyState();
  const scopes = scopeKeys(source, deferred);
  const execAliases = new Set<string>();
  // A second pass only when a name holds the environment: it may be copied into another before it is sent.
  for (let pass = 0; pass < 2 && (pass === 0 || envNames.size > 0); pass++) {
    for (let index = 0; index < source.logical.length; index++) {
      if (index % 1024 === 1023) yield 1024;
      const ll = source.logical[index]!;
      const weight = lineWeight(ll.raw.length);
      if (weight > 0) yield weight;
      if (pass === 0 && !sends && ll.code.includes('(') && SEND.test(ll.code)) sends = true;
      if (pass === 0) noteFamilies(ll, families, scopes[index]);
      if (pass === 0 && ll.code.includes('getattr')) {
        const alias = EXEC_ALIAS.exec(ll.raw);
        if (alias) execAliases.add(alias[1]!);
      }
      // An assignment matters only for an escaped literal or the environment: matched only then.
      const mayEscape = pass === 0 && ll.raw.includes('\\');
      const mayHoldEnv = envNames.size > 0 || ll.code.includes('environ') || ll.code.includes('getenv') || SECRET_PATH.test(ll.raw);
      if (!mayEscape && !mayHoldEnv) continue;
      const assign = /^\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?(?::[^=]+)?=(?!=)(.*)$/.exec(ll.code);
      const update = ll.code.includes('update') ? /^\s*([A-Za-z_]\w*)\s*\.\s*update\s*\((.*)$/.exec(ll.code) : null;
      const target = assign?.[1] ?? update?.[1];
      if (!target) continue;
      const rhs = (assign?.[2] ?? update?.[2])!;
      if (mayEscape && assign) {
        const escaped = escapedLiterals(ll.raw);
        if (escaped.length > 0) escapedNames.set(target, escaped.map((e) => e.text).join(''));
      }
      if (!mayHoldEnv) continue;
      const fromEnv =
        hasBulkEnv(ll) ||
        [...rhs.matchAll(IDENT)].some(([name]) => envNames.has(name)) ||
        (/\[/.test(ll.code.split('=')[0]!) && enclosingHeaders(source, index).some((h) => /^\s*for\b/.test(h.code) && hasBulkEnv(h)));
      if (fromEnv) envNames.add(target);
    }
  }
  return { envNames, escapedNames, sends, families, scopes, execAliases };
}

/**
 * Per logical line, where it runs: RUNS for code that runs at install or import (module level, and functions
 * the module itself uses), else the outermost function (or `__main__` block) it sits in, as "def@<line>".
 */
export function scopeKeys(source: PythonSource, deferred: boolean[] | null): string[] {
  if (!deferred) return new Array<string>(source.logical.length).fill(RUNS);
  return source.logical.map((_, i) => {
    if (!deferred[i]) return RUNS;
    const headers = enclosingHeaders(source, i);
    const outer = [...headers].reverse().find((h) => /^\s*(?:async\s+)?def\b|^\s*if\s+__name__\b/.test(h.code));
    return outer ? `def@${outer.line}` : `def@${source.logical[i]!.line}`;
  });
}

function namesIn(code: string, names: { has(name: string): boolean }): string | null {
  for (const [name] of code.matchAll(IDENT)) if (names.has(name)) return name;
  return null;
}

/** The threats one statement shows. */
export function threatsOf(ll: LogicalLine, state: ThreatState, rawLine: string, scope: string = RUNS): Threat[] {
  const threats: Threat[] = familyThreats(ll, state.families, scope);
  if (!ll.code.includes('(') && !ll.code.includes('[') && !ll.raw.includes('/') && !NON_ASCII.test(rawLine)) return threats;
  const send = SEND.exec(ll.code);
  if (send) {
    const after = ll.code.slice(send.index);
    const env = BULK_ENV.test(after) || SECRET_PATH.test(ll.raw.slice(send.index)) || namesIn(after, state.envNames);
    if (env)
      threats.push({
        check: 'exfiltration',
        level: 'danger',
        at: send.index,
        detail: `Sends the environment variables or a credential file${typeof env === 'string' ? ` (held in ${env})` : ''} over the network: API keys, tokens, SSH keys and passwords live there.`,
      });
  }
  const host = (state.sends || send) && ll.raw.includes('/') ? DROP_HOST.exec(ll.raw) : null;
  if (host && !/^\s*(?:[rRbBuUfF]{0,2}['"])/.test(ll.code))
    threats.push({
      check: 'exfiltration',
      level: state.envNames.size > 0 ? 'danger' : 'caution',
      at: host.index,
      detail: `Talks to ${host[0]}: a webhook, paste site, shortener, tunnel or bare IP address is where stolen data is sent, not where a library's service lives${state.envNames.size > 0 ? '; this file also collects the environment variables' : ''}.`,
    });

  const run = DOWNLOAD_RUN.exec(ll.raw);
  const execSink = /(?:^|[^\w.])(?:exec|eval)\s*\(/.exec(ll.code);
  const fetched = execSink ? FETCH.exec(ll.code.slice(execSink.index)) : null;
  if (run || fetched)
    threats.push({
      check: 'download-exec',
      level: 'danger',
      at: run ? run.index : execSink!.index,
      detail: run
        ? `Runs "${run[0].trim().slice(0, 40)}": a shell fed from a download, or PowerShell encoded or hidden, is how droppers start their second stage.`
        : 'Runs code it has just downloaded (exec/eval of a network response): what runs is decided elsewhere, later.',
    });

  const shell =
    REVERSE_SHELL.exec(ll.raw) ?? (/\b(?:Popen|run|call|system|spawn\w*)\s*\(/.test(ll.code) ? CHILD_PYTHON_CONNECTS.exec(ll.raw) : null);
  if (shell)
    threats.push({
      check: 'reverse-shell',
      level: 'danger',
      at: shell.index,
      detail: 'Hands a shell or a child Python to a network connection: whoever is at the other end can run commands on this machine.',
    });

  const sink = SINK.exec(ll.code);
  const escaped = escapedLiterals(ll.raw);
  const escapedVar = sink ? namesIn(ll.code.slice(sink.index), state.escapedNames) : null;
  if (sink && (escaped.length > 0 || escapedVar)) {
    const text = escapedVar ? state.escapedNames.get(escapedVar)! : escaped.map((e) => e.text).join('');
    threats.push({
      check: 'escaped-string',
      level: 'danger',
      at: sink.index,
      detail: `Passes an escape-encoded string (it reads "${text.slice(0, 60)}") to ${sink[0].replace(/[^\w.]/g, '')}: the name or code is spelled so a reader does not see it.`,
    });
  }

  const indirect = /getattr|__|globals|locals|vars/.test(ll.raw) ? (INDIRECT_GETATTR.exec(ll.raw) ?? INDIRECT_INDEX.exec(ll.raw)) : null;
  if (indirect) {
    const key = indirect[1]!.trim();
    // globals()[...] = value stores a name (how modules export); only reading one back can run it.
    const stores = /^\s*=(?!=)/.test(ll.raw.slice(indirect.index + indirect[0].length));
    if (!stores && !EXEC_ALIAS.test(ll.raw) && (DANGEROUS_NAME.test(key) || COMPUTED_KEY.test(key)))
      threats.push({
        check: 'builtins-indirection',
        level: 'danger',
        at: indirect.index,
        detail: `Reaches ${DANGEROUS_NAME.test(key) ? key.slice(1, -1) : 'a function by a computed name'} through ${indirect[0].split(/[([]/)[0]!.trim()}…: a detour that only makes sense to hide the call from a reader.`,
      });
  }

  if (NON_ASCII.test(rawLine)) {
    for (const [word] of rawLine.matchAll(WORD)) {
      if (!NON_ASCII.test(word)) continue;
      const folded = word.normalize('NFKC');
      if (folded === word || !/^[A-Za-z_]\w*$/.test(folded)) continue;
      threats.push({
        check: 'folded-identifier',
        level: SENSITIVE_NAMES.has(folded) ? 'danger' : 'caution',
        at: Math.max(0, ll.raw.indexOf(word)),
        detail: `Writes "${folded}" in look-alike letters (${word}); Python reads it as ${folded}, a reader or a search for "${folded}" does not.`,
      });
      break;
    }
  }
  return threats;
}

/** The statement with its identifiers folded the way Python reads them (NFKC), strings and comments already blanked. */
export function foldCode(ll: LogicalLine): LogicalLine {
  return NON_ASCII.test(ll.code) ? { ...ll, code: ll.code.normalize('NFKC') } : ll;
}

/** foldCode over a file's statements, given the file's text: an all-ASCII file (most) folds to itself, tested once. */
export function foldAll(logical: LogicalLine[], text: string): LogicalLine[] {
  return NON_ASCII.test(text) ? logical.map(foldCode) : logical;
}

/**
 * Per logical line, whether it runs only when something calls it: inside a function that no module-level
 * statement of the file names, or under `if __name__ == "__main__":`.
 */
export function deferredLines(source: PythonSource): boolean[] {
  const defs = new Map<number, string>();
  source.logical.forEach((ll, i) => {
    const def = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(ll.code);
    if (def) defs.set(i, def[1]!);
  });
  const headersOf = source.logical.map((_, i) => enclosingHeaders(source, i));
  const isMain = (h: LogicalLine) => /^\s*if\s+__name__\s*==\s*['"]__main__['"]\s*:/.test(h.raw);
  const referenced = new Set<string>();
  source.logical.forEach((ll, i) => {
    if (defs.has(i) || headersOf[i]!.some((h) => /^\s*(?:async\s+)?def\b/.test(h.code) || isMain(h))) return;
    // A name used as a value (called, passed, registered), not one whose attributes are read (f.__code__).
    for (const [name] of ll.code.matchAll(USED_NAME)) referenced.add(name);
  });
  return source.logical.map((_, i) =>
    headersOf[i]!.some((h) => {
      const def = /^\s*(?:async\s+)?def\s+([A-Za-z_]\w*)/.exec(h.code);
      return (def !== null && !referenced.has(def[1]!)) || isMain(h);
    }),
  );
}
