// Search badges: PyPI JSON per name (cached, all at once) and, IN PARALLEL with them, one OSV querybatch asking
// about the version each result shows (the name alone where the page shows none). A name whose answer may not be
// its latest release's (the page showed another version, or none and OSV knows advisories of the name) is asked
// again with PyPI's latest, in one more querybatch for those names only: a hint never decides a badge.
import type { BadgeSummary, ReleaseFacts, Section, SourceError } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { type BatchAdvisorySummary, fetchBatchSummary } from '../../sources/osv-batch';
import { fetchOsvVulns } from '../../sources/osv';
import { withMalwareScopes } from '../../trust/malware-scope';
import { fetchReleaseFacts } from '../../sources/pypi-json';
import { judgeBadge } from '../../trust/badge';
import type { BuildDeps } from './facts';

type Answer = { state: 'ok'; summary: BatchAdvisorySummary | null } | { state: 'error'; error: SourceError } | { state: 'disabled' };
const maliciousIds = (summary: BatchAdvisorySummary | null) => (summary?.advisoryIds ?? []).filter((id) => id.startsWith('MAL-'));

export async function buildBadges(
  deps: BuildDeps,
  names: string[],
  shown: Record<string, string> = {},
): Promise<Record<string, BadgeSummary>> {
  const { http, settings } = deps;
  const unique = [...new Map(names.map((n) => [normalizePackageName(n), n])).values()];
  const asked = unique.map((name) => shown[name]);
  const releasesP = Promise.all(unique.map((name) => fetchReleaseFacts(http, name)));
  const firstP = settings.sources.osv
    ? fetchBatchSummary(
        http,
        unique.map((name, i) => ({ name, version: asked[i] })),
      ).then((batch) => {
        // The malicious records are read as soon as OSV names them, beside the PyPI requests still out.
        if (batch.state === 'ok') for (const name of unique) void warmMalicious(deps, name, batch.data[normalizePackageName(name)] ?? null);
        return batch;
      })
    : null;
  const [releases, first] = await Promise.all([releasesP, firstP]);

  const answers: Answer[] = unique.map((name) => {
    if (first === null || first.state === 'disabled') return { state: 'disabled' };
    if (first.state === 'error') return { state: 'error', error: first.error };
    return { state: 'ok', summary: first.data[normalizePackageName(name)] ?? null };
  });
  // Asked again with the latest release: the page's version was another, or no version was asked and OSV knows some.
  const latest = releases.map((section) => (section.state === 'ok' ? section.data.latestVersion : null));
  const again = unique.flatMap((name, i) => {
    const answer = answers[i]!;
    const version = latest[i];
    if (answer.state !== 'ok' || !version || asked[i] === version) return [];
    return asked[i] !== undefined || (answer.summary?.advisoryIds.length ?? 0) > 0 ? [i] : [];
  });
  if (again.length > 0) {
    const second = await fetchBatchSummary(
      http,
      again.map((i) => ({ name: unique[i]!, version: latest[i]! })),
    );
    for (const i of again) {
      answers[i] =
        second.state === 'ok'
          ? { state: 'ok', summary: second.data[normalizePackageName(unique[i]!)] ?? null }
          : { state: 'error', error: second.state === 'error' ? second.error : { kind: 'upstream', message: 'OSV was not asked' } };
    }
  }

  // The few malicious ids' records, so a compromised release is told from a package made to attack.
  const maliciousRecords = await Promise.all(
    unique.map(async (name, i) => {
      const answer = answers[i]!;
      const ids = answer.state === 'ok' ? maliciousIds(answer.summary) : [];
      return ids.length === 0 ? [] : withMalwareScopes(await fetchOsvVulns(http, ids, name), okData(releases[i]!));
    }),
  );
  const nowIso = new Date(deps.now()).toISOString();
  const badges: Record<string, BadgeSummary> = {};
  unique.forEach((name, i) => {
    const answer = answers[i]!;
    badges[normalizePackageName(name)] = judgeBadge({
      name,
      releases: releases[i]!,
      advisories: answer.state === 'ok' ? { state: 'ok', ids: answer.summary?.advisoryIds ?? [], malicious: maliciousRecords[i]! } : answer,
      now: nowIso,
    });
  });
  return badges;
}

/** Starts reading the malicious records a first answer names (the final read joins these requests in flight or cached). */
async function warmMalicious(deps: BuildDeps, name: string, summary: BatchAdvisorySummary | null): Promise<void> {
  const ids = maliciousIds(summary);
  if (ids.length > 0) await fetchOsvVulns(deps.http, ids, name).catch(() => undefined);
}

function okData(section: Section<ReleaseFacts>): ReleaseFacts | null {
  return section.state === 'ok' ? section.data : null;
}
