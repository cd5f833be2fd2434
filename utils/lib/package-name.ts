// PEP 503 / PEP 508 package names: the one place that decides what a valid name is and how it normalises.
import { isValidVersion } from './versions';

// PEP 508: ASCII letters and digits, with . _ - allowed inside (not at either end).
const VALID_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
/** PyPI itself caps names far below this; anything longer is not a name. */
export const MAX_NAME_LENGTH = 200;

export function isValidPackageName(name: string): boolean {
  return name.length <= MAX_NAME_LENGTH && VALID_NAME.test(name);
}

/** PEP 503: lower-case, runs of -, _ and . become a single -. */
export function normalizePackageName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/**
 * A version we are willing to put into a URL path (`/pypi/<name>/<version>/json`): a PEP 440 version in URL-safe
 * characters. PEP 440 alone keeps out "." and ".." (which a URL resolves to another path); the character set keeps
 * out the spaces PEP 440 tolerates around a version.
 */
export function isPlausibleVersion(version: string): boolean {
  return version.length > 0 && version.length <= 128 && /^[A-Za-z0-9._+!-]+$/.test(version) && isValidVersion(version);
}
