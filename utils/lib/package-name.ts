// PEP 503 / PEP 508 package names: the one place that decides what a valid name is and how it normalises.

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

/** A loose check for version strings we are willing to put into a URL path. */
export function isPlausibleVersion(version: string): boolean {
  return version.length > 0 && version.length <= 128 && /^[A-Za-z0-9._+!-]+$/.test(version);
}
