// "Install it safely, today": for a release under a week old, the install lines that leave it (and
// every other file uploaded in the last week) out until it has aged. Pure: `now` comes in.
//
// Flags and date format, as their tools document them:
// - uv: `uv pip install --exclude-newer <DATE>` — "an RFC 3339 timestamp (e.g., 2006-12-02T02:07:43Z)"
//   (uv CLI reference, https://docs.astral.sh/uv/reference/cli/#uv-pip-install--exclude-newer; the same text
//   in uv-cli's ExcludeNewerArgs, https://docs.rs/uv-cli/latest/uv_cli/struct.PackageExcludeNewerArgs.html).
// - pip ≥ 26.0: `pip install --uploaded-prior-to <DATE>` — "Add --uploaded-prior-to option to only consider
//   packages uploaded prior to a given datetime" (pip 26.0 changelog, 2026-01-30, pypa/pip#13625); the user guide's
//   "Filtering by Upload Time" takes ISO 8601 and advises UTC with a Z suffix ("2025-03-16T00:00:00Z") so that
//   machines in other time zones agree (https://pip.pypa.io/en/stable/user_guide/#filtering-by-upload-time).
// Both therefore get the same UTC timestamp, whole seconds, with a Z.
import type { ReleaseFacts } from '../../utils/contract/report';
import { DAY_MS } from '../../utils/lib/time';
import { isValidPackageName } from '../../utils/lib/package-name';

/** Most malicious releases are reported and removed within days; a week leaves a margin for the slow ones. */
export const INSTALL_COOLDOWN_DAYS = 7;

export type CooldownLines = {
  /** The moment the lines cut at: `now` minus INSTALL_COOLDOWN_DAYS, UTC, whole seconds ("2026-11-30T01:17:52Z"). */
  cutoff: string;
  uv: string;
  pip: string;
  /** The newest non-yanked final release uploaded before the cutoff: what the lines would install; null when none is. */
  installs: string | null;
  reason: string;
};

/** "2026-11-30T01:17:52Z": RFC 3339 / ISO 8601 in UTC, the form both tools' docs show. */
export function cutoffTimestamp(nowMs: number, days = INSTALL_COOLDOWN_DAYS): string {
  const ms = Math.floor((nowMs - days * DAY_MS) / 1000) * 1000;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

export function cooldownLines(facts: ReleaseFacts, nowMs: number): CooldownLines | null {
  const viewed = facts.viewed;
  const uploadedMs = viewed?.uploadedAt ? Date.parse(viewed.uploadedAt) : Number.NaN;
  if (!viewed || Number.isNaN(uploadedMs) || nowMs - uploadedMs >= INSTALL_COOLDOWN_DAYS * DAY_MS) return null;
  // The name goes into a shell line: only a valid package name (letters, digits, . _ -) ever does.
  const name = facts.displayName;
  if (!isValidPackageName(name)) return null;
  const cutoff = cutoffTimestamp(nowMs);
  const cutoffMs = Date.parse(cutoff);
  // Releases are in PEP 440 order, oldest first: the last one old enough is what a resolver would pick.
  const installs =
    facts.releases.filter((r) => r.uploadedAt && Date.parse(r.uploadedAt) < cutoffMs && !r.yanked && !r.isPrerelease).at(-1)?.version ??
    null;
  const then = installs
    ? `they install ${name} ${installs}, the newest release older than that, and hold every dependency to the same date.`
    : `no release of ${name} is that old yet, so they install nothing: wait, or read the code first.`;
  return {
    cutoff,
    uv: `uv pip install --exclude-newer ${cutoff} ${name}`,
    pip: `pip install --uploaded-prior-to ${cutoff} ${name}`,
    installs,
    reason: `${viewed.version} is under ${INSTALL_COOLDOWN_DAYS} days old, and most malicious releases are caught within days: these lines leave out everything uploaded after ${cutoff}; ${then}`,
  };
}
