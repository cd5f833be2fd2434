// What the popup's search field accepts: a package name, `name==version`, or a pypi.org project URL.
// Everything else gets a message that says what is wrong; nothing invalid is ever sent on.
import { isPlausibleVersion, isValidPackageName, MAX_NAME_LENGTH, normalizePackageName } from '../lib/package-name';
import { parseProjectUrl } from './pypi-page';
import { groupDigits } from '../lib/numbers';
import { looksLikeShellCommand, nameProblem } from '../lib/requirements';

export type LookupQuery = { name: string; normalizedName: string; version?: string };
export type ParsedLookup = { ok: true; query: LookupQuery } | { ok: false; message: string };

/** Room for the longest name, `==` and a long version; anything longer is a paste of something else. */
export const MAX_LOOKUP_CHARS = MAX_NAME_LENGTH + 140;

const SHELL_INSTALL = /^(\$\s*)?(sudo\s+)?(pip[0-9.]*|python[0-9.]*\s+-m\s+pip|uv\s+pip|pipx)\s+install\s+(.*)$/i;
const OTHER_OPERATOR = /(~=|!=|<=|>=|===|<|>)/;

export function parseLookupInput(raw: string): ParsedLookup {
  const text = raw.trim();
  if (text.length === 0) {
    return { ok: false, message: 'Type a package name, for example requests or requests==2.31.0.' };
  }
  if (text.length > MAX_LOOKUP_CHARS) {
    return {
      ok: false,
      message: `That is ${groupDigits(text.length)} characters; a package name is at most ${MAX_NAME_LENGTH}. To check a list, use Requirements.`,
    };
  }
  if (/[\r\n]/.test(text)) return { ok: false, message: 'That is several lines. To check a list of packages, use Requirements.' };

  if (/^https?:\/\//i.test(text)) {
    const ref = parseProjectUrl(text);
    if (!ref) return { ok: false, message: 'That is a URL, not a package name. A pypi.org project URL works; other sites do not.' };
    return { ok: true, query: withVersion(ref.name, ref.version) };
  }
  const install = SHELL_INSTALL.exec(text);
  if (install) {
    const args = install[4]!.split(/\s+/).filter((a) => a && !a.startsWith('-'));
    const hint = args.length === 1 ? ` Type only the package: ${args[0]}` : '';
    return { ok: false, message: `That is a shell command, not a package name.${hint}` };
  }
  if (looksLikeShellCommand(text)) return { ok: false, message: 'That is a shell command, not a package name.' };

  const [namePart, ...versionParts] = text.split('==');
  if (versionParts.length > 1) return { ok: false, message: 'Use one “==”, as in requests==2.31.0.' };
  const withExtras = namePart!.trim();
  if (versionParts.length === 0 && OTHER_OPERATOR.test(withExtras)) {
    return { ok: false, message: 'Only an exact version can be looked up (name==1.2.3), not a range.' };
  }
  // Extras ("requests[socks]") select optional dependencies; the package is the same.
  const name = withExtras.replace(/\[[^\]]*\]$/, '').trim();
  if (!isValidPackageName(name)) return { ok: false, message: nameProblem(name) };

  if (versionParts.length === 0) return { ok: true, query: withVersion(name) };
  const version = versionParts[0]!.trim();
  if (version.length === 0) return { ok: false, message: `Add the version after “==”, or look up ${name} without it.` };
  if (OTHER_OPERATOR.test(version) || version.includes(',')) {
    return { ok: false, message: 'Only an exact version can be looked up (name==1.2.3), not a range.' };
  }
  if (!isPlausibleVersion(version)) {
    const shown = version.length > 40 ? `${version.slice(0, 37)}…` : version;
    return { ok: false, message: `“${shown}” is not a version PyPI could have.` };
  }
  return { ok: true, query: withVersion(name, version) };
}

/** PEP 503: the name is sent normalised, so "Django", "django" and "DJANGO" are one lookup (and one cache entry). */
function withVersion(name: string, version?: string): LookupQuery {
  const normalizedName = normalizePackageName(name);
  return version === undefined ? { name: normalizedName, normalizedName } : { name: normalizedName, normalizedName, version };
}
