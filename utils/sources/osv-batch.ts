// OSV for lists and for names PyPI does not know: POST /v1/querybatch answered per query (the
// requirements check needs each pin's own answer, so one name may appear with several versions),
// and POST /v1/query without a version (every record for a name, e.g. a removed malicious package).
import type { Advisory, Section } from '../contract/report';
import { isPlausibleVersion, isValidPackageName, normalizePackageName } from '../lib/package-name';
import { type Http, sourceError } from './http';
import { BATCH_CHUNK_SIZE, OSV_API, OSV_ID, OSV_TTL_MS, OsvBatchBody, fetchOsvVulns, queryOsv } from './osv';

/** Malicious-code records read per name; a name with more is a package made to attack, judged already. */
export const MAX_MALICIOUS_RECORDS = 10;

export type BatchQuery = { name: string; version: string | null };
export type BatchAnswer = {
  ids: string[];
  /** False when OSV had more ids than one batch answer carries (next_page_token). */
  complete: boolean;
};

/**
 * One querybatch request per BATCH_CHUNK_SIZE queries (OSV's documented limit), all chunks in
 * parallel; answers in the order of `queries`. Invalid names or versions are never sent.
 */
export async function fetchBatchAnswers(http: Http, queries: BatchQuery[]): Promise<Section<BatchAnswer[]>> {
  for (const q of queries) {
    if (!isValidPackageName(q.name) || (q.version !== null && !isPlausibleVersion(q.version))) {
      return { state: 'error', error: sourceError('malformed', `Not a valid query: ${q.name.slice(0, 60)}`) };
    }
  }
  const bodies = queries.map((q) => ({
    package: { name: normalizePackageName(q.name), ecosystem: 'PyPI' },
    ...(q.version !== null ? { version: q.version } : {}),
  }));
  const chunks: (typeof bodies)[] = [];
  for (let i = 0; i < bodies.length; i += BATCH_CHUNK_SIZE) chunks.push(bodies.slice(i, i + BATCH_CHUNK_SIZE));
  const answers = await Promise.all(
    chunks.map((chunk) => http.postJson(`${OSV_API}/v1/querybatch`, { queries: chunk }, OsvBatchBody, { ttlMs: OSV_TTL_MS })),
  );
  const results: BatchAnswer[] = [];
  let fetchedAt = new Date(0).toISOString();
  let fromCache = true;
  for (const [index, answer] of answers.entries()) {
    if (!answer.ok) return { state: 'error', error: answer.error };
    if (answer.data.results.length !== chunks[index]!.length) {
      return { state: 'error', error: sourceError('malformed', 'OSV answered a different number of queries') };
    }
    fetchedAt = answer.fetchedAt > fetchedAt ? answer.fetchedAt : fetchedAt;
    fromCache &&= answer.fromCache;
    for (const result of answer.data.results) {
      const ids = [...new Set((result.vulns ?? []).map((v) => v.id).filter((id) => OSV_ID.test(id)))];
      results.push({ ids, complete: !result.next_page_token });
    }
  }
  return { state: 'ok', data: results, fetchedAt, fromCache };
}

/** POST /v1/query with the name only: every OSV record for it, whatever the version. */
export async function queryOsvPackage(http: Http, name: string): Promise<Section<Advisory[]>> {
  const result = await queryOsv(http, name);
  if (!result.ok) return { state: 'error', error: result.error };
  // The record names the package for any version: it affects whatever one would install.
  const data = result.data.map((advisory) => ({ ...advisory, affectsViewed: true, affectsLatest: true }));
  return { state: 'ok', data, fetchedAt: result.fetchedAt, fromCache: result.fromCache };
}

export type PackageQuery = { name: string; version?: string };
export type BatchAdvisorySummary = {
  advisoryIds: string[];
  malicious: boolean;
  /** False when OSV had more ids than one batch answer carries (next_page_token). */
  complete: boolean;
};

/** Search badges: the batch answers keyed by normalised name; invalid names are left out, never sent. */
export async function fetchBatchSummary(http: Http, packages: PackageQuery[]): Promise<Section<Record<string, BatchAdvisorySummary>>> {
  const queries = packages
    .filter((p) => isValidPackageName(p.name) && (p.version === undefined || isPlausibleVersion(p.version)))
    .map((p) => ({ name: p.name, version: p.version || null }));
  const answers = await fetchBatchAnswers(http, queries);
  if (answers.state !== 'ok') return answers;
  const summary: Record<string, BatchAdvisorySummary> = {};
  answers.data.forEach((answer, i) => {
    summary[normalizePackageName(queries[i]!.name)] = {
      advisoryIds: answer.ids,
      malicious: answer.ids.some((id) => id.startsWith('MAL-')),
      complete: answer.complete,
    };
  });
  return { ...answers, data: summary };
}

/**
 * OSV's malicious-code (MAL-) records for a name at any version: one querybatch asking the name
 * alone (ids only, so a project with hundreds of advisories costs little), then each MAL- record.
 * How a page learns that other releases of the project were compromised.
 */
export async function fetchMaliciousHistory(http: Http, name: string): Promise<Section<Advisory[]>> {
  const answer = await fetchBatchAnswers(http, [{ name, version: null }]);
  if (answer.state !== 'ok') return answer;
  const ids = (answer.data[0]?.ids ?? []).filter((id) => id.startsWith('MAL-')).slice(0, MAX_MALICIOUS_RECORDS);
  const records = ids.length === 0 ? [] : await fetchOsvVulns(http, ids, name);
  if (records.length < ids.length) {
    return { state: 'error', error: sourceError('upstream', 'OSV did not give every malicious-code record for the name') };
  }
  return { ...answer, data: records };
}
