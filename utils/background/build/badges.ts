// Search badges: PyPI JSON per name (cached, all at once) and, IN PARALLEL with them, one OSV querybatch asking
// about the version each result shows (the name alone where the page shows none). A name whose answer may not be
// its latest release's (the page showed another version, or none and OSV knows advisories of the name) is asked
// again with PyPI's latest, in one more querybatch for those names only: a hint never decides a badge.
// PyPI's part of a badge is one small summary per project (its latest version, yank, age, release count), kept
// until the body it was read from expires: a warm page reads twenty summaries, not twenty bodies to check again.
import type { BadgeSummary, ReleaseFacts, Section, SourceError } from '../../contract/report';
import { normalizePackageName } from '../../lib/package-name';
import { type BatchAdvisorySummary, fetchBatchSummary } from '../../sources/osv-batch';
import { fetchOsvVulns } from '../../sources/osv';
import { withMalwareScopes } from '../../trust/malware-scope';
import { fetchReleaseFacts, PYPI_TTL_MS } from '../../sources/pypi-json';
import { badgeReleaseFacts, type BadgeReleaseFacts, judgeBadge } from '../../trust/badge';
import { derived, httpStore } from './derived';
import type { BuildDeps } from './facts';

const SUMMARY_PREFIX = 'badge-facts:';

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
  const releasePs = unique.map((name) => releaseSummary(deps, name));
  const releasesP = Promise.all(releasePs);
  releasesP.catch(() => undefined); // awaited below, after the OSV answers
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
  const first = await firstP;

  const answers: Answer[] = unique.map((name) => {
    if (first === null || first.state === 'disabled') return { state: 'disabled' };
    if (first.state === 'error') return { state: 'error', error: first.error };
    return { state: 'ok', summary: first.data[normalizePackageName(name)] ?? null };
  });
  // Asked again with the latest release: the page's version was another, or no version was asked and OSV knows some.
  // Only those names' PyPI answers are awaited for it (usually one or two of twenty): the second batch leaves as soon
  // as they are read, while the other bodies are still being parsed.
  const candidates = unique.flatMap((_, i) => {
    const answer = answers[i]!;
    if (answer.state !== 'ok') return [];
    return asked[i] !== undefined || (answer.summary?.advisoryIds.length ?? 0) > 0 ? [i] : [];
  });
  const candidateLatest = await Promise.all(
    candidates.map((i) => releasePs[i]!.then((section) => (section.state === 'ok' ? section.data.latestVersion : null))),
  );
  const again = candidates.flatMap((i, k) => {
    const version = candidateLatest[k];
    return version && asked[i] !== version ? [{ i, version }] : [];
  });
  if (again.length > 0) {
    const second = await fetchBatchSummary(
      http,
      again.map(({ i, version }) => ({ name: unique[i]!, version })),
    );
    for (const { i } of again) {
      answers[i] =
        second.state === 'ok'
          ? { state: 'ok', summary: second.data[normalizePackageName(unique[i]!)] ?? null }
          : { state: 'error', error: second.state === 'error' ? second.error : { kind: 'upstream', message: 'OSV was not asked' } };
    }
  }
  const releases = await releasesP;

  // The few malicious ids' records, so a compromised release is told from a package made to attack.
  const maliciousRecords = await Promise.all(
    unique.map(async (name, i) => {
      const answer = answers[i]!;
      const ids = answer.state === 'ok' ? maliciousIds(answer.summary) : [];
      if (ids.length === 0) return [];
      // Rare (a malicious id): the whole release history reads the record's scope, from the cached body.
      const [records, history] = await Promise.all([fetchOsvVulns(http, ids, name), fetchReleaseFacts(http, name)]);
      return withMalwareScopes(records, okData(history));
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

/**
 * The badge's facts of one project (badge.ts `BadgeReleaseFacts`): one small summary per project, read from its PyPI
 * JSON once and kept until that body expires (never longer: a refreshed body makes a new summary), so a warm search
 * page reads twenty summaries, not twenty project bodies to check and normalise again.
 */
async function releaseSummary(deps: BuildDeps, name: string): Promise<Section<BadgeReleaseFacts>> {
  const ttl = deps.http.ttlOverrideMs ?? PYPI_TTL_MS;
  const options = {
    now: deps.now,
    accept: isKeptSummary,
    ttlMs: (section: Section<BadgeReleaseFacts>) => {
      const left = section.state === 'ok' ? Date.parse(section.fetchedAt) + ttl - deps.now() : NaN;
      return left > 0 ? left : null;
    },
  };
  const made = await derived(httpStore(deps.http), SUMMARY_PREFIX + normalizePackageName(name), options, async () => {
    const section = await fetchReleaseFacts(deps.http, name);
    return section.state === 'ok' ? { ...section, data: badgeReleaseFacts(section.data) } : section;
  });
  return made.fromCache && made.value.state === 'ok' ? { ...made.value, fromCache: true } : made.value;
}

/** A kept summary still has the shape this version reads (an older one is made again). */
function isKeptSummary(kept: unknown): boolean {
  const section = kept as { state?: unknown; fetchedAt?: unknown; data?: Partial<Record<keyof BadgeReleaseFacts, unknown>> };
  const data = section?.data;
  return (
    section?.state === 'ok' &&
    typeof section.fetchedAt === 'string' &&
    typeof data === 'object' &&
    data !== null &&
    typeof data.releaseCount === 'number' &&
    (typeof data.latestVersion === 'string' || data.latestVersion === null) &&
    typeof data.viewedVersion === 'string' &&
    (typeof data.firstUploadAt === 'string' || data.firstUploadAt === null) &&
    (data.viewed === null || typeof (data.viewed as { yanked?: unknown } | undefined)?.yanked === 'boolean')
  );
}

/** Starts reading the malicious records a first answer names (the final read joins these requests in flight or cached). */
async function warmMalicious(deps: BuildDeps, name: string, summary: BatchAdvisorySummary | null): Promise<void> {
  const ids = maliciousIds(summary);
  if (ids.length > 0) await fetchOsvVulns(deps.http, ids, name).catch(() => undefined);
}

function okData(section: Section<ReleaseFacts>): ReleaseFacts | null {
  return section.state === 'ok' ? section.data : null;
}
