// One Requires-Dist line (PEP 508, as PyPI lists it in `requires_dist`) read into its parts, the marker
// kept as written: the panel shows extras and markers, it never evaluates them for some machine.
import { parsePipRequirementsLine, type Requirement } from 'pip-requirements-js';
import { isValidPackageName, normalizePackageName } from './package-name';

export type RequiresDistLine = {
  name: string;
  normalizedName: string;
  /** The version constraints as written (">=2.5,<4"); null for any version. */
  specifier: string | null;
  /** Extras asked of the dependency (`cachecontrol[filecache]`). */
  extras: string[];
  /** The environment marker as written (`python_version < "3.11"`); null when there is none. */
  marker: string | null;
  /** The extra of the declaring package that asks for it (`extra == "speedups"`), if the marker names one. */
  onlyWithExtra: string | null;
  /** The line as PyPI lists it. */
  text: string;
};

const EXTRA_IN_MARKER = /\bextra\s*==\s*(['"])([^'"]+)\1/;

/** null when the line is not a PEP 508 requirement on a PyPI name (a direct URL is one, by name). */
export function parseRequiresDist(text: string): RequiresDistLine | null {
  const line = text.trim();
  // PEP 508: the marker follows the first ';' (a URL requirement puts a space before it).
  const at = line.indexOf(';');
  const head = at < 0 ? line : line.slice(0, at);
  const marker = at < 0 ? null : line.slice(at + 1).trim() || null;
  let parsed: Requirement | null;
  try {
    parsed = parsePipRequirementsLine(head);
  } catch {
    return null;
  }
  if (!parsed || (parsed.type !== 'ProjectName' && parsed.type !== 'ProjectURL') || !isValidPackageName(parsed.name)) return null;
  const spec = parsed.type === 'ProjectName' ? (parsed.versionSpec ?? []) : [];
  return {
    name: parsed.name,
    normalizedName: normalizePackageName(parsed.name),
    specifier: spec.length > 0 ? spec.map((s) => `${s.operator}${s.version}`).join(',') : null,
    extras: parsed.extras ?? [],
    marker,
    onlyWithExtra: marker ? (EXTRA_IN_MARKER.exec(marker)?.[2] ?? null) : null,
    text: line,
  };
}
