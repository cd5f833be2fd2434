// Ownership drift: who may publish a project (PyPI's `ownership`) compared with what this browser saw
// on an earlier visit. Pure: the remembered record and the current facts in, the drift and the record
// to remember out. Nothing here leaves the browser.
import type { Ownership, OwnershipDrift, OwnershipSnapshot, ReleaseInfo } from '../contract/report';
import { byCodeUnits } from '../lib/order';
import { DAY_MS, MINUTE_MS } from '../lib/time';

/** A change stays on show this long after it was first noticed, so a reload (or the popup) still says it. */
export const SHOW_CHANGE_DAYS = 7;
/** Reports built this close together (the panel, its code scan, the popup) are one look at the page. */
export const SAME_LOOK_MINUTES = 30;

/** What storage keeps per project: the last owners seen, and the owners before the last change. */
export type OwnershipRecord = OwnershipSnapshot & {
  previous?: OwnershipSnapshot;
  /** When the change from `previous` was first noticed (ISO). */
  changedSeenAt?: string;
  /** When the look before the current one happened (ISO), absent before a second look. */
  previousLookAt?: string;
};

type Role = { role: string; user: string };
const roleKey = (r: Role) => `${r.role.toLowerCase()}\u0000${r.user.toLowerCase()}`;

function sortedRoles(roles: Role[]): Role[] {
  return [...roles].sort((a, b) => byCodeUnits(roleKey(a), roleKey(b)));
}

export function sameOwnership(a: Pick<Ownership, 'organization' | 'roles'>, b: Pick<Ownership, 'organization' | 'roles'>): boolean {
  if ((a.organization ?? '').toLowerCase() !== (b.organization ?? '').toLowerCase()) return false;
  const [x, y] = [sortedRoles(a.roles).map(roleKey), sortedRoles(b.roles).map(roleKey)];
  return x.length === y.length && x.every((key, i) => key === y[i]);
}

/** The differences between what was seen (`previous`) and what PyPI says now. */
export function describeDrift(
  previous: OwnershipSnapshot | null,
  current: Ownership,
  releases: ReleaseInfo[],
  lastSeenAt: string | null,
): OwnershipDrift {
  const now = { organization: current.organization, roles: sortedRoles(current.roles) };
  if (!previous) return { lastSeenAt, previous: null, current: now, added: [], removed: [], organizationChanged: null, releasesSince: [] };
  const before = new Set(previous.roles.map(roleKey));
  const after = new Set(current.roles.map(roleKey));
  const seenAt = Date.parse(previous.seenAt);
  const orgBefore = previous.organization ?? null;
  const orgNow = current.organization ?? null;
  return {
    lastSeenAt,
    previous: { ...previous, roles: sortedRoles(previous.roles) },
    current: now,
    added: sortedRoles(current.roles.filter((r) => !before.has(roleKey(r)))),
    removed: sortedRoles(previous.roles.filter((r) => !after.has(roleKey(r)))),
    organizationChanged: (orgBefore ?? '').toLowerCase() === (orgNow ?? '').toLowerCase() ? null : { from: orgBefore, to: orgNow },
    releasesSince: releases
      .filter((r): r is ReleaseInfo & { uploadedAt: string } => r.uploadedAt !== null && Date.parse(r.uploadedAt) > seenAt)
      .map((r) => ({ version: r.version, uploadedAt: r.uploadedAt }))
      .sort((a, b) => byCodeUnits(a.uploadedAt, b.uploadedAt)),
  };
}

/**
 * One visit: compares with the remembered record and says what to remember next.
 * - first visit: remember, no drift (reports within SAME_LOOK_MINUTES of it are the same first look);
 * - same owners: refresh seenAt; a change noticed in the last SHOW_CHANGE_DAYS is still shown;
 * - other owners: the drift from the remembered owners, which become `previous`.
 */
export function visitOwnership(
  record: OwnershipRecord | null,
  current: Ownership,
  releases: ReleaseInfo[],
  nowIso: string,
): { drift: OwnershipDrift; next: OwnershipRecord } {
  const seen: OwnershipSnapshot = { organization: current.organization, roles: sortedRoles(current.roles), seenAt: nowIso };
  if (!record) return { drift: describeDrift(null, current, releases, null), next: seen };
  const sameLook = Date.parse(nowIso) - Date.parse(record.seenAt) < SAME_LOOK_MINUTES * MINUTE_MS;
  const lastLookAt = sameLook ? (record.previousLookAt ?? null) : record.seenAt;
  const looks = lastLookAt ? { previousLookAt: lastLookAt } : {};
  if (sameOwnership(record, current)) {
    const recent =
      record.previous && record.changedSeenAt && Date.parse(nowIso) - Date.parse(record.changedSeenAt) < SHOW_CHANGE_DAYS * DAY_MS;
    const next: OwnershipRecord = recent
      ? { ...seen, ...looks, previous: record.previous, changedSeenAt: record.changedSeenAt }
      : { ...seen, ...looks };
    return { drift: describeDrift(recent ? record.previous! : null, current, releases, lastLookAt), next };
  }
  const previous: OwnershipSnapshot = { organization: record.organization, roles: record.roles, seenAt: record.seenAt };
  return {
    drift: describeDrift(previous, current, releases, record.seenAt),
    next: { ...seen, previousLookAt: record.seenAt, previous, changedSeenAt: nowIso },
  };
}
