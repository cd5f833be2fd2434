// PEP 440 ordering in one place (never string compare). Pure; shared by sources and trust rules.
import { compare, explain, valid } from '@renovatebot/pep440';

export function isValidVersion(version: string): boolean {
  return valid(version) !== null;
}

/** PEP 440 comparison; versions that are not PEP 440 sort before all valid ones, then by text. */
export function compareVersions(a: string, b: string): number {
  const aValid = valid(a) !== null;
  const bValid = valid(b) !== null;
  if (aValid && bValid) return compare(a, b);
  if (aValid !== bValid) return aValid ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pre-releases and dev releases (PEP 440); a version we cannot parse is not called a pre-release. */
export function isPrerelease(version: string): boolean {
  const parts = explain(version);
  return parts !== null && (parts.is_prerelease || parts.is_devrelease);
}

export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort(compareVersions);
}
