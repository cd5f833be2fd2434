// Search badges: PyPI JSON per name (cached) and ONE OSV querybatch for all of them.
import type { BadgeSummary } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { fetchBatchSummary } from '../../sources/osv-batch';
import { fetchOsvVulns } from '../../sources/osv';
import { withMalwareScopes } from '../../trust/malware-scope';
import { fetchReleaseFacts } from '../../sources/pypi-json';
import { judgeBadge } from '../../trust/badge';
import type { BuildDeps } from './facts';
import { DISABLED } from './graph';

export async function buildBadges(deps: BuildDeps, names: string[]): Promise<Record<string, BadgeSummary>> {
  const { http, settings } = deps;
  const unique = [...new Map(names.map((n) => [normalizePackageName(n), n])).values()];
  const releases = await Promise.all(unique.map((name) => fetchReleaseFacts(http, name)));
  const queries = unique.map((name, i) => {
    const section = releases[i]!;
    return { name, version: section.state === 'ok' ? (section.data.latestVersion ?? undefined) : undefined };
  });
  const batch = settings.sources.osv ? await fetchBatchSummary(http, queries) : DISABLED;
  // The few malicious ids' records, so a compromised release is told from a package made to attack.
  const maliciousRecords = await Promise.all(
    unique.map(async (name, i) => {
      const ids =
        batch.state === 'ok' ? (batch.data[normalizePackageName(name)]?.advisoryIds ?? []).filter((id) => id.startsWith('MAL-')) : [];
      const section = releases[i]!;
      return ids.length === 0 ? [] : withMalwareScopes(await fetchOsvVulns(http, ids, name), section.state === 'ok' ? section.data : null);
    }),
  );
  const nowIso = new Date(deps.now()).toISOString();
  const badges: Record<string, BadgeSummary> = {};
  unique.forEach((name, i) => {
    const key = normalizePackageName(name);
    const advisories = batch.state === 'ok' ? (batch.data[key] ?? null) : null;
    badges[key] = judgeBadge({
      name,
      releases: releases[i]!,
      advisories:
        batch.state === 'ok'
          ? { state: 'ok', ids: advisories?.advisoryIds ?? [], malicious: maliciousRecords[i]! }
          : batch.state === 'disabled'
            ? { state: 'disabled' }
            : { state: 'error', error: batch.error },
      now: nowIso,
    });
  });
  return badges;
}
