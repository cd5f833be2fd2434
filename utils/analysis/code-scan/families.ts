// More threat families (issue 18 §2), beside threats.ts's: character codes fed to exec, PyArmor loaders,
// a download marked executable and run, programs started in hidden windows, stealer capabilities meeting the
// network, persistence (autostart entries, cron, shell start-up files, other packages' files), and invisible
// or bidi characters. Each regex is anchored on a literal word and bounded ({0,n}), so a statement costs
// linear time; each family is tried only when a cheap substring test passes.
import { CODE, COMMENT, STRING, type LogicalLine, type PythonSource } from './python-source';
import type { CodeCheck, Level } from '../../contract/report';

/** One threat a statement shows: the check, its level, where in the statement, and why. */
export type Threat = { check: CodeCheck; level: Level; at: number; detail: string };

/** What the file does anywhere, and the names it assigned from a char-code chain or a persistence path. */
export type FamilyState = {
  /** The file fetches bytes (urlretrieve, urlopen, requests.get…, curl/wget in a command). */
  downloads: boolean;
  /** The file starts programs (subprocess, os.system/startfile/exec*). */
  startsPrograms: boolean;
  /** The file sends or can send over the network (a send, a network module imported, a drop host). */
  network: boolean;
  /** Names holding a string built from character codes (chr chains, bytes.fromhex, bytes([…])). */
  charNames: Set<string>;
  /** Names holding an autostart location or site-packages, and what it is. */
  placeNames: Map<string, string>;
  /** Where in the file the network is used and where it downloads: scopes of scopeKeys (threats.ts). */
  networkScopes: Set<string>;
  downloadScopes: Set<string>;
  /** The file reads the clipboard, and holds a cryptocurrency-address pattern. */
  readsClipboard: boolean;
  addressPattern: boolean;
  /** Names holding bytes read from a socket, and from an HTTP response; whether the file connects out. */
  socketNames: Set<string>;
  fetchedNames: Set<string>;
  connectsOut: boolean;
};

const FETCH_ANY =
  /\b(?:urlopen|urlretrieve|DownloadFile)\s*\(|\b(?:requests|httpx|session|client)\.(?:get|request|stream)\s*\(|\bwget\.download\s*\(/;
const FETCH_COMMAND = /\b(?:curl|wget|Invoke-WebRequest|iwr|bitsadmin)\b/;
const STARTS_PROGRAM =
  /\bsubprocess\.\w+\s*\(|\b(?:Popen|call|check_call|check_output|run)\s*\(|\bos\.(?:system|popen|startfile|exec\w{0,3}|spawn\w{0,3}|posix_spawnp?)\s*\(/;
const NETWORK_USE =
  /^\s*(?:import|from)\s+(?:socket|requests|httpx|aiohttp|urllib3?|http\.client|smtplib|ftplib|websockets?|discord_webhook|telebot|telegram|dhooks)\b|\b(?:urlopen|sendall|sendto|create_connection)\s*\(|\brequests\.\w+\s*\(|\bsocket\.socket\s*\(|\bSMTP(?:_SSL)?\s*\(/;

/** chr() chains, bytes.fromhex, bytes/bytearray of a literal list of codes, join of chr over a sequence. */
const CHAR_CODES =
  /\bmap\s*\(\s*chr\b|\bchr\s*\([^()]{0,40}\)\s*for\b|(?:\bchr\s*\(\s*\d{1,7}\s*\)\s*\+?\s*){3}|\bfromhex\s*\(|\b(?:bytes|bytearray)\s*\(\s*\[\s*\d{1,3}\s*(?:,\s*\d{1,3}\s*){3}/;
/** Where a name or code built from character codes does harm. */
const CHAR_SINK = /(?:^|[^\w.])(?:exec|eval|compile|getattr|__import__|import_module)\s*\(|\.(?:system|popen)\s*\(/;

/** PyArmor's runtime entry points (`__pyarmor__(__name__, __file__, b'…')`) and its old `pytransform` loader. */
const PYARMOR =
  /\b__pyarmor(?:__|_enter_\w{0,20}|_exit_\w{0,20}|_assert_\w{0,20})|\bpyarmor_runtime(?:_\d{1,12})?\b|\bfrom\s+\.?pytransform\d?\s+import\b|\bimport\s+pytransform\d?\b/;

/** chmod that sets an execute bit: os.chmod(…, 0o755 / S_IXUSR…), `chmod +x`, `chmod 755`, ["chmod", "+x", …]. */
const OS_CHMOD = /\bos\.(?:chmod|fchmod|lchmod)\s*\(/;
const OCTAL_MODE = /\b0o?([0-7]{3,4})\b|\bS_I(?:X(?:USR|GRP|OTH)|EXEC|RWX[UGO])\b|\b(?:493|511|448|457|484)\b/g;
const SHELL_CHMOD = /\bchmod\b['",\s]{0,6}(?:-\w{1,3}\s{1,3})?(?:[ugoa]{0,3}\+[rws]{0,2}x|[0-7]{0,1}[0-7]{0,2}[1357]\b)/;

/** Windows process flags that start a program with no window the user could see. */
const HIDDEN_WINDOW = /\bCREATE_NO_WINDOW\b|\bcreationflags\s*=\s*(?:0x0{0,2}8000000|134217728)\b|\bSW_HIDE\b|\bSTARTF_USESHOWWINDOW\b/;

/** Reading what the user copies, seeing their screen, hearing their keys. */
const CLIPBOARD =
  /\bpyperclip\.paste\s*\(|\bGetClipboardData\s*\(|\bclipboard_get\s*\(|^\s*(?:import|from)\s+win32clipboard\b|\bwin32clipboard\.OpenClipboard\s*\(/;
const SCREENSHOT =
  /\bImageGrab\.grab\s*\(|\bpyautogui\.screenshot\s*\(|\bpyscreenshot\.grab\s*\(|\bmss\.mss\s*\(|^\s*from\s+mss\s+import\s+mss\b|\bwith\s+mss\s*\(\s*\)/;
const KEYLOG =
  /\bpynput\.keyboard\.Listener\b|\bkeyboard\.Listener\s*\(|\bkeyboard\.(?:on_press|on_release|hook|read_key|record|add_hotkey)\s*\(|\bGetAsyncKeyState\s*\(|\bSetWindowsHookEx\w{0,2}\s*\(|^\s*from\s+pynput\.keyboard\s+import\b[^\n]{0,200}\bListener\b/;

/** Writing the clipboard: what a clipper does with the address it swaps in. */
const CLIPBOARD_WRITE =
  /\bpyperclip\.copy\s*\(|\bSetClipboard(?:Data|Text)\s*\(|\bclipboard_append\s*\(|\bclipboard\s*\(\s*\)\s*\.\s*setText\s*\(/;
/** A cryptocurrency address written as a regex: Bitcoin base58 ([13][a-km-zA-HJ-NP-Z1-9]{25,34}) or bech32, Ethereum (0x + 40 hex), Tron (T + 33). */
const CRYPTO_ADDRESS =
  /\[13\]\[a-km-zA-HJ-NP-Z1-9\]|\{2[5-7],\s?3[3-9]\}|0x\[(?:a-fA-F0-9|0-9a-fA-F|a-f0-9|0-9a-f|A-Fa-f0-9|0-9A-Fa-f)\]\{40\}|\bbc1\[|\^T\[[^\]\n]{1,30}\]\{33\}/;
/** Bytes read from a socket; a response body fetched over HTTP. */
const SOCKET_READ = /\.recv(?:from|_into)?\s*\(/;
const HTTP_READ = /\burlopen\s*\(|\b(?:requests|httpx|session|client)\.(?:get|post|request)\s*\(/;
const CONNECTS_OUT = /\.connect(?:_ex)?\s*\(|\bcreate_connection\s*\(/;
const CODE_SINK = /(?:^|[^\w.])(?:exec|eval|compile)\s*\(/;

/** Places that start a program by themselves: Run keys, the Startup folder, cron, systemd user units, shell start-up files, LaunchAgents. */
const AUTOSTART_PLACE =
  /CurrentVersion[\\/]{1,4}Run(?:Once)?\b|Start Menu[\\/]{1,4}Programs[\\/]{1,4}Startup|\/etc\/cron|\/var\/spool\/cron|\.config[\\/]{1,4}systemd[\\/]{1,4}user|\.config[\\/]{1,4}autostart|Library[\\/]{1,4}Launch(?:Agents|Daemons)|\.bashrc\b|\.bash_profile\b|\.zshrc\b|\.zprofile\b|(?:~|HOME['"]?\)?[^'"\n]{0,20})\/?\.profile\b|\/etc\/rc\.local\b|\/etc\/profile\.d\b/;
/** Commands that install an autostart entry by themselves. */
const AUTOSTART_COMMAND =
  /\|\s{0,3}crontab\s{1,3}-(?![\w-])|@reboot\b|\bsystemctl\s{1,3}--user\s{1,3}enable\b|\blaunchctl\s{1,3}(?:load|bootstrap)\b|\breg(?:\.exe)?\s{1,3}add\b[^'"\n]{0,200}CurrentVersion\\{1,2}Run|\bschtasks(?:\.exe)?\s{1,3}\/create\b/i;
/** Another package's home: site-packages itself, or a .pth file in it. */
const SITE_PLACE =
  /\bget(?:user)?sitepackages\s*\(|\bget_python_lib\s*\(|\bget_paths\s*\(\s*\)\s*\[\s*['"](?:pure|plat)lib['"]|['"][^'"\n]{0,200}(?:site|dist)-packages\b|\.pth['"]/;
/** A statement that writes a file or a registry value; open()'s first argument may nest two calls deep. */
const WRITES =
  /\bopen\s*\((?:[^()\n]|\((?:[^()\n]|\([^()\n]{0,200}\)){0,300}\)){0,300}?,\s{0,3}(?:mode\s*=\s*)?[rRbBuU]?['"][rbt]{0,2}[wax+]|\.write_(?:text|bytes)\s*\(|\bshutil\.(?:copy\w{0,8}|move)\s*\(|\bSetValue(?:Ex)?\s*\(|\bos\.(?:rename|replace|symlink|link)\s*\(|\bcopyfile\s*\(/;

const IDENT = /[A-Za-z_]\w*/g;
const ASSIGN = /^\s*([A-Za-z_]\w*)\s*(?::[^=]{1,80})?=(?!=)(.*)$/;

export function emptyFamilyState(): FamilyState {
  return {
    downloads: false,
    startsPrograms: false,
    network: false,
    charNames: new Set(),
    placeNames: new Map(),
    networkScopes: new Set(),
    downloadScopes: new Set(),
    readsClipboard: false,
    addressPattern: false,
    socketNames: new Set(),
    fetchedNames: new Set(),
    connectsOut: false,
  };
}

/** The scope of code that runs at install or import (module level, or a function it calls): see scopeKeys. */
export const RUNS = 'run';

/**
 * Characters one of which every AUTOSTART_PLACE and SITE_PLACE alternative needs ('/', '\\', '.', '(', '-'):
 * a statement without any cannot name a place (on 340,000 lines of `x = 1` the two patterns cost more than this test).
 */
const PLACE_CHAR = /[/\\.(-]/;

/** One statement's contribution to the file-wide state (the first pass of threats.ts's threatState), in its scope. */
export function noteFamilies(ll: LogicalLine, state: FamilyState, scope: string = RUNS): void {
  // Each pattern ending in `\(` is tried only on code that has one.
  const hasCall = ll.code.includes('(');
  if ((hasCall && FETCH_ANY.test(ll.code)) || FETCH_COMMAND.test(ll.raw)) {
    state.downloads = true;
    state.downloadScopes.add(scope);
  }
  if (!state.startsPrograms && hasCall && STARTS_PROGRAM.test(ll.code)) state.startsPrograms = true;
  if ((hasCall || ll.code.includes('import') || ll.code.includes('from')) && NETWORK_USE.test(ll.code)) {
    state.network = true;
    state.networkScopes.add(scope);
  }
  if (!state.readsClipboard && /clip|Clip/.test(ll.code) && CLIPBOARD.test(ll.code)) state.readsClipboard = true;
  if (!state.addressPattern && ll.raw.includes('{') && CRYPTO_ADDRESS.test(ll.raw)) state.addressPattern = true;
  if (!state.connectsOut && hasCall && CONNECTS_OUT.test(ll.code)) state.connectsOut = true;
  // What an assignment adds needs a call, a name already tracked, or a place's character: skip the match without.
  const tracked = state.socketNames.size + state.fetchedNames.size + state.charNames.size + state.placeNames.size;
  if (!hasCall && tracked === 0 && !PLACE_CHAR.test(ll.raw)) return;
  const assign = ASSIGN.exec(ll.code);
  if (!assign) return;
  const target = assign[1]!;
  const rhs = assign[2]!;
  if (rhs.includes('(') || state.socketNames.size + state.fetchedNames.size > 0) noteReceived(target, rhs, state);
  if ((rhs.includes('(') && CHAR_CODES.test(rhs)) || namesIn(rhs, state.charNames)) state.charNames.add(target);
  const rawRhs = ll.raw.slice(ll.raw.indexOf('=') + 1);
  const place = PLACE_CHAR.test(rawRhs) ? (AUTOSTART_PLACE.exec(rawRhs) ?? SITE_PLACE.exec(rawRhs)) : null;
  if (place) state.placeNames.set(target, place[0]);
  else {
    const from = placeIn(rhs, state);
    if (from) state.placeNames.set(target, state.placeNames.get(from)!);
  }
}

/** A name assigned from a socket read or an HTTP response (or from a name that holds one). */
function noteReceived(target: string, rhs: string, state: FamilyState): void {
  if (SOCKET_READ.test(rhs) || namesIn(rhs, state.socketNames)) state.socketNames.add(target);
  else if (HTTP_READ.test(rhs) || namesIn(rhs, state.fetchedNames)) state.fetchedNames.add(target);
}

function placeIn(code: string, state: FamilyState): string | null {
  if (state.placeNames.size === 0) return null;
  for (const [name] of code.matchAll(IDENT)) if (state.placeNames.has(name)) return name;
  return null;
}

function namesIn(code: string, names: { has(name: string): boolean; size: number }): string | null {
  if (names.size === 0) return null;
  for (const [name] of code.matchAll(IDENT)) if (names.has(name)) return name;
  return null;
}

/** Whether an os.chmod statement sets an execute bit. */
function setsExecuteBit(raw: string): boolean {
  for (const m of raw.matchAll(OCTAL_MODE)) {
    if (!m[1]) return true;
    if (/[1357]/.test(m[1].slice(-3))) return true;
  }
  return false;
}

/**
 * Whether a capability in `scope` meets the network (or a download) used in `where`: both in code that runs
 * at install or import, or both in the same function (then judged a level lower, as all code run only when
 * called). Set false to judge on the whole file, as the checks did before 2026-12-07.
 */
export const SCOPED_MEETING = true;
function meets(where: Set<string>, anywhere: boolean, scope: string): boolean {
  return SCOPED_MEETING ? where.has(scope) : anywhere;
}

/** The family threats one statement shows; `scope` is where it runs (scopeKeys in threats.ts). */
export function familyThreats(ll: LogicalLine, state: FamilyState, scope: string = RUNS): Threat[] {
  const out: Threat[] = [];
  const hasCall = ll.code.includes('(');

  if (hasCall && state.socketNames.size + state.fetchedNames.size > 0) {
    const sink = CODE_SINK.exec(ll.code);
    const after = sink ? ll.code.slice(sink.index) : '';
    const fetched = sink ? namesIn(after, state.fetchedNames) : null;
    const received = sink && !fetched && state.connectsOut ? namesIn(after, state.socketNames) : null;
    if (fetched || received)
      out.push({
        check: 'download-exec',
        level: 'danger',
        at: sink!.index,
        detail: `Runs code it ${fetched ? 'downloaded' : 'received from a connection it opened'} (held in ${fetched ?? received}): what runs is decided elsewhere, later.`,
      });
  }

  if (hasCall && (ll.code.includes('chr') || ll.code.includes('fromhex') || ll.code.includes('bytes') || state.charNames.size > 0)) {
    const sink = CHAR_SINK.exec(ll.code);
    const after = sink ? ll.code.slice(sink.index) : '';
    const held = sink ? namesIn(after, state.charNames) : null;
    if (sink && (CHAR_CODES.test(after) || held))
      out.push({
        check: 'char-codes',
        level: 'danger',
        at: sink.index,
        detail: `Builds a name or code from character codes (chr, bytes.fromhex, a list of byte values)${held ? `, held in ${held},` : ''} and passes it to ${sink[0].replace(/[^\w.]/g, '')}: what runs is hidden from a reader.`,
      });
  }

  if (ll.code.includes('pyarmor') || ll.code.includes('pytransform')) {
    const armor = PYARMOR.exec(ll.code);
    if (armor)
      out.push({
        check: 'pyarmor-loader',
        level: 'caution',
        at: armor.index,
        detail: `Loads code encrypted with PyArmor (${armor[0].trim()}): what it runs cannot be read, by you or by this scanner; open-source packages have no reason to hide their code.`,
      });
  }

  if (ll.raw.includes('chmod')) {
    const osChmod = OS_CHMOD.exec(ll.code);
    const shell = SHELL_CHMOD.exec(ll.raw);
    const inCommand = shell !== null && FETCH_COMMAND.test(ll.raw);
    if (((osChmod && setsExecuteBit(ll.raw)) || shell) && (inCommand || (state.downloads && state.startsPrograms)))
      out.push({
        check: 'chmod-exec',
        level: 'danger',
        at: osChmod ? osChmod.index : shell!.index,
        detail:
          'Marks a file executable in code that downloads and starts programs: a fetched binary made runnable, then run, is how droppers start their second stage.',
      });
  }

  if (
    meets(state.downloadScopes, state.downloads, scope) &&
    (ll.code.includes('WINDOW') || ll.code.includes('creationflags') || ll.code.includes('SW_HIDE'))
  ) {
    const hidden = HIDDEN_WINDOW.exec(ll.code);
    if (hidden)
      out.push({
        check: 'download-exec',
        level: 'danger',
        at: hidden.index,
        detail: `Starts a program in a hidden window (${hidden[0]}) in code that downloads: a second stage run where the user cannot see it.`,
      });
  }

  const stealer = stealerCapability(ll);
  if (stealer) {
    const sent = meets(state.networkScopes, state.network, scope);
    const level = sent ? (stealer.what === 'keystrokes' ? 'danger' : 'caution') : 'info';
    out.push({
      check: 'stealer-capability',
      level,
      at: stealer.at,
      detail: `Reads the user's ${stealer.what}${
        sent
          ? ' where the same code uses the network: what a stealer collects and sends'
          : state.network
            ? ' (a capability; the network is used elsewhere in the file, not where this runs)'
            : ' (a capability; nothing in this file sends it anywhere)'
      }.`,
    });
  }
  if (state.readsClipboard && state.addressPattern && /clip|Clip|setText/.test(ll.code)) {
    const write = CLIPBOARD_WRITE.exec(ll.code);
    if (write)
      out.push({
        check: 'stealer-capability',
        level: 'danger',
        at: write.index,
        detail:
          "Writes the clipboard in a file that reads it and matches cryptocurrency addresses: a clipper swaps the address the user copied for the attacker's, and the payment goes there.",
      });
  }

  const persistence = persistenceOf(ll, state);
  if (persistence) out.push(persistence);
  return out;
}

function stealerCapability(ll: LogicalLine): { what: string; at: number } | null {
  const c = ll.code;
  if (/clip|Clip/.test(c)) {
    const m = CLIPBOARD.exec(c);
    if (m) return { what: 'clipboard', at: m.index };
  }
  if (/Grab|screenshot|mss/.test(c)) {
    const m = SCREENSHOT.exec(c);
    if (m) return { what: 'screen (screenshots)', at: m.index };
  }
  if (/keyboard|KeyState|HookEx/.test(c)) {
    const m = KEYLOG.exec(c);
    if (m) return { what: 'keystrokes', at: m.index };
  }
  return null;
}

function persistenceOf(ll: LogicalLine, state: FamilyState): Threat | null {
  const raw = ll.raw;
  // A statement that is only a string (a docstring that tells how to set up cron) runs nothing.
  if (!ll.code.includes('(') || /^\s*(?:[rRbBuUfF]{0,2}['"])/.test(ll.code)) return null;
  if (
    raw.includes('crontab') ||
    raw.includes('@reboot') ||
    raw.includes('systemctl') ||
    raw.includes('launchctl') ||
    /reg|schtasks/i.test(raw)
  ) {
    const command = AUTOSTART_COMMAND.exec(raw);
    if (command)
      return {
        check: 'persistence',
        level: 'danger',
        at: command.index,
        detail: `Installs an autostart entry (${command[0].trim().slice(0, 40)}): the code keeps running after the package is removed, at every login or boot.`,
      };
  }
  if (!hasWrite(ll)) return null;
  const place = AUTOSTART_PLACE.exec(raw) ?? SITE_PLACE.exec(raw);
  const held = place ? null : namesIn(ll.code, state.placeNames);
  if (!place && !held) return null;
  const where = place ? place[0] : state.placeNames.get(held!)!;
  const site = SITE_PLACE.test(where) || /(?:site|dist)-packages|\.pth/.test(where);
  return {
    check: 'persistence',
    level: 'danger',
    at: place ? place.index : 0,
    detail: site
      ? `Writes into site-packages (${where.replace(/^['"]/, '').slice(0, 40)}${held ? `, held in ${held}` : ''}): another package's files or a .pth file, which then run at every import or Python start.`
      : `Writes to ${where.slice(0, 40)}${held ? ` (held in ${held})` : ''}, where the system starts programs by itself at login or boot: the code keeps running after the package is removed.`,
  };
}

function hasWrite(ll: LogicalLine): boolean {
  const raw = ll.raw;
  if (!raw.includes('(')) return false;
  return /open|write_|shutil|SetValue|os\.re|link|copyfile/.test(raw) && WRITES.test(raw);
}

/** Bidi controls reorder how a line reads (Trojan Source, CVE-2021-42574); zero-width and filler characters hide in it. */
const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;
const INVISIBLE =
  /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u180e\u3164\uffa0\u115f\u1160\ufeff]|[\ufe00-\ufe0f]|\udb40[\udc00-\udc7f\udd00-\uddef]/g;
const BIDI_OVERRIDE = /[\u202a-\u202e\u2066-\u2069]/;
/** Variation selectors (U+FE00–FE0F, U+E0100–E01EF) and tag characters (U+E0000–E007F): invisible, any byte value. */
const SELECTOR = /[\ufe00-\ufe0f]|\udb40[\udc00-\udc7f\udd00-\uddef]/;
const SELECTORS = /[\ufe00-\ufe0d]|\udb40[\udc00-\udc7f\udd00-\uddef]/g;
/** An emoji tag sequence (a subdivision flag: U+1F3F4, tag letters, cancel tag): how text writes the flag of England. */
const FLAG_TAGS = /\u{1F3F4}[\u{E0020}-\u{E007E}]{1,12}\u{E007F}/gu;
/** Selectors in one line's text beyond which it carries data (GlassWorm's payloads): emoji use one per character, flags a handful. */
const MAX_TEXT_SELECTORS = 8;
/** Zero-width characters in a row beyond which they encode data (emoji join one at a time). */
const ZERO_WIDTH_RUN = /[\u200b-\u200d\u2060\ufeff]{8}/;
/** A string literal of only tabs and spaces (both, this many of each) is a payload written in whitespace (loquru). */
const WHITESPACE_PAYLOAD_MIN = 16;
const WHITESPACE_ONLY = /^[ \t\r\n]+$/;

export type InvisibleFinding = { line: number; column: number; level: 'caution' | 'danger'; detail: string };

const codePoint = (c: string) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** Whether the bidi embeddings, overrides and isolates of one string or comment (from..to on a line) all close inside it. */
function bidiBalanced(text: string, from: number, to: number): boolean {
  const open: string[] = [];
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x202a || c === 0x202b || c === 0x202d || c === 0x202e) open.push('e');
    else if (c >= 0x2066 && c <= 0x2068) open.push('i');
    else if (c === 0x202c && open[open.length - 1] === 'e') open.pop();
    else if (c === 0x2069 && open.includes('i')) open.length = open.lastIndexOf('i');
  }
  return open.length === 0;
}

/**
 * Invisible and bidi control characters: in code itself (never needed there) danger; inside a string or
 * comment, a bidi override or isolate left open is a caution (it makes the line read other than it runs),
 * one closed inside the same string (right-to-left text embedded the way Unicode says) stays quiet; zero-width
 * joiners and marks inside text are how emoji and scripts are written, and stay quiet. Text that carries data
 * in invisible characters — runs of zero-width characters, more variation selectors or tags than emoji use, a
 * literal of tabs and spaces only — is danger. One finding per line.
 */
export function invisibleCharacters(source: PythonSource): InvisibleFinding[] {
  const out: InvisibleFinding[] = [];
  const flagged = new Set<number>();
  for (let i = 0; i < source.lines.length; i++) {
    const text = source.lines[i]!;
    if (!/[^\t\n\r\u0020-\u007f]/.test(text)) continue;
    const start = source.lineStarts[i]!;
    const finding = lineFinding(source, text, start, i + 1);
    if (finding) {
      out.push(finding);
      flagged.add(i + 1);
    }
  }
  for (const literal of source.strings) {
    if (literal.text.length < 2 * WHITESPACE_PAYLOAD_MIN || flagged.has(literal.line) || !WHITESPACE_ONLY.test(literal.text)) continue;
    const tabs = literal.text.split('\t').length - 1;
    const spaces = literal.text.split(' ').length - 1;
    if (tabs < WHITESPACE_PAYLOAD_MIN || spaces < WHITESPACE_PAYLOAD_MIN) continue;
    out.push({
      line: literal.line,
      column: Math.max(0, (source.lines[literal.line - 1] ?? '').indexOf('\t')),
      level: 'danger',
      detail: `A string of ${tabs + spaces} tabs and spaces and nothing else: data written in whitespace (a tab a 1, a space a 0), invisible to a reader, as the loquru typosquat hid the code it ran.`,
    });
  }
  return out.sort((a, b) => a.line - b.line);
}

function lineFinding(source: PythonSource, text: string, start: number, line: number): InvisibleFinding | null {
  for (const m of text.matchAll(INVISIBLE)) {
    const column = m.index ?? 0;
    if (line === 1 && column === 0 && m[0] === '\ufeff') continue; // the UTF-8 byte-order mark Python allows
    const kind = source.kinds[start + column];
    const name = codePoint(m[0]);
    if (kind === CODE || kind === undefined) {
      const what = BIDI.test(m[0]) ? 'bidi control' : SELECTOR.test(m[0]) ? 'variation selector or tag' : 'zero-width or filler';
      return {
        line,
        column,
        level: 'danger',
        detail: `An invisible ${what} character (${name}) in the code itself: it changes what the line does or how it reads, and no code needs one.`,
      };
    }
    if ((kind === STRING || kind === COMMENT) && BIDI_OVERRIDE.test(m[0])) {
      let from = column;
      let to = column;
      while (from > 0 && source.kinds[start + from - 1] === kind) from -= 1;
      while (to < text.length && source.kinds[start + to] === kind) to += 1;
      if (bidiBalanced(text, from, to)) continue;
      return {
        line,
        column,
        level: 'caution',
        detail: `A bidi override or isolate (${name}) left open inside a ${kind === STRING ? 'string' : 'comment'}: the line is shown reordered, so what a reader sees is not what Python runs (Trojan Source).`,
      };
    }
  }
  const hidden = hiddenData(text);
  if (hidden)
    return {
      line,
      column: hidden.column,
      level: 'danger',
      detail: `${hidden.what} in one line: data hidden in characters no editor shows, the way GlassWorm hid the code it decoded and ran.`,
    };
  return null;
}

/** Zero-width runs, or more variation selectors and tags than text uses (flag emoji left out). */
function hiddenData(text: string): { what: string; column: number } | null {
  const run = ZERO_WIDTH_RUN.exec(text);
  if (run) return { what: 'A run of zero-width characters', column: run.index };
  if (!/[\ufe00-\ufe0d\udb40]/.test(text)) return null;
  const selectors = [...text.replace(FLAG_TAGS, '').matchAll(SELECTORS)];
  if (selectors.length <= MAX_TEXT_SELECTORS) return null;
  return { what: `${selectors.length} variation selectors or tag characters`, column: Math.max(0, text.search(SELECTOR)) };
}
