// The requirements check: PyPI JSON only for unpinned names (to learn the latest release), then ONE
// OSV querybatch for every line (chunked at OSV's limit), then the full record of each advisory id
// for its fixed-in versions. Pinned lines cost no PyPI request: OSV alone answers for an exact pin,
// except a malicious record naming a few versions, read against the project's release history.
import type { RequirementAdvisory, RequirementResult, RequirementsCheck } from '../contract/messages';
import { normalizePackageName } from '../lib/package-name';
import type { Advisory, ReleaseFacts, Section } from '../contract/report';
import type { BuildDeps } from './build/facts';
import { type BatchAnswer, type BatchQuery, fetchBatchAnswers } from '../sources/osv-batch';
import { fetchOsvVuln } from '../sources/osv';
import { fetchReleaseFacts } from '../sources/pypi-json';
import { judgeRequirement, malwareOfVersion, type RequirementAdvisoryFacts } from '../trust/requirement';
import { withNameCheck } from '../trust/requirement-name';
import { checkTyposquat, type TyposquatIndex } from '../analysis/typosquat';
import { mayBeCompromisedRelease, readMalwareScope } from '../trust/malware-scope';

/** Advisory records fetched per check; past this, ids are listed without fixed-in versions. */
export const MAX_ADVISORY_RECORDS = 200;

export type RequirementItem = { name: string; pinned: string | null; specifier: string | null };

export async function checkRequirements(deps: BuildDeps, items: RequirementItem[]): Promise<RequirementsCheck> {
  const { http, settings } = deps;
  // The typosquat list (in memory once loaded) for the name check of every line.
  const topList = deps.identity ? deps.identity.topList().catch(() => null) : Promise.resolve(null);

  // 1. The latest release of each unpinned name, each name asked once, all at once.
  const unpinned = [...new Set(items.filter((i) => i.pinned === null).map((i) => normalizePackageName(i.name)))];
  const releases = new Map<string, Section<ReleaseFacts>>(
    await Promise.all(unpinned.map(async (name) => [name, await fetchReleaseFacts(http, name)] as const)),
  );

  // 2. What each line is checked at, then one querybatch for the distinct (name, version) pairs.
  const lines = items.map((item) => {
    const normalizedName = normalizePackageName(item.name);
    const release = item.pinned === null ? releases.get(normalizedName)! : null;
    const latestVersion = release?.state === 'ok' ? release.data.latestVersion : null;
    const checkedVersion = item.pinned ?? latestVersion;
    return { item, normalizedName, release, latestVersion, checkedVersion, key: `${normalizedName} ${checkedVersion ?? ''}` };
  });
  const distinct = new Map<string, BatchQuery>();
  // A line whose version is unknown is still asked, without a version: a MAL- record names every version.
  for (const line of lines) distinct.set(line.key, { name: line.normalizedName, version: line.checkedVersion });
  const batch = settings.sources.osv ? await fetchBatchAnswers(http, [...distinct.values()]) : ({ state: 'disabled' } as const);
  const answers = new Map<string, BatchAnswer>();
  if (batch.state === 'ok') [...distinct.keys()].forEach((key, i) => answers.set(key, batch.data[i]!));

  // 3. Full records (fixed-in versions, severity) for the ids that matter, each (id, package) once.
  const wanted = new Map<string, { id: string; name: string }>();
  for (const line of lines) {
    for (const id of relevantIds(answers.get(line.key), line.checkedVersion)) {
      if (wanted.size < MAX_ADVISORY_RECORDS) wanted.set(`${id} ${line.normalizedName}`, { id, name: line.normalizedName });
    }
  }
  const records = new Map<string, Advisory>();
  await Promise.all(
    [...wanted.entries()].map(async ([key, { id, name }]) => {
      const record = await fetchOsvVuln(http, id, name);
      if (record.state === 'ok') records.set(key, record.data);
    }),
  );

  // 3b. A malicious record naming a few versions is read against the project's release history
  // (compromised release or package made to attack): PyPI is asked only for those names.
  const suspects = new Set<string>();
  for (const [key, record] of records) if (mayBeCompromisedRelease(record)) suspects.add(key.slice(key.indexOf(' ') + 1));
  const histories = new Map<string, ReleaseFacts | null>();
  await Promise.all(
    [...suspects].map(async (name) => {
      const section = releases.get(name) ?? (await fetchReleaseFacts(http, name));
      histories.set(name, section.state === 'ok' ? section.data : null);
    }),
  );
  for (const [key, record] of records) {
    if (record.malicious)
      records.set(key, { ...record, malwareScope: readMalwareScope(record, histories.get(key.slice(key.indexOf(' ') + 1)) ?? null) });
  }

  const top = await topList;
  // 4. One judged row per line.
  const results = lines.map((line): RequirementResult => {
    const answer = answers.get(line.key);
    const recordOf = (id: string) => records.get(`${id} ${line.normalizedName}`);
    const ids = dropAliases(relevantIds(answer, line.checkedVersion), recordOf);
    const details = ids.map(recordOf).filter((a): a is Advisory => a !== undefined);
    const facts: RequirementAdvisoryFacts =
      batch.state === 'ok'
        ? { state: 'ok', ids, details, complete: answer?.complete ?? true }
        : batch.state === 'disabled'
          ? { state: 'disabled' }
          : { state: 'error', message: batch.error.message };
    const onPypi = line.release
      ? line.release.state === 'ok'
        ? true
        : line.release.state === 'error' && line.release.error.kind === 'not-found'
          ? false
          : null
      : null;
    const latestVersion = line.latestVersion ?? histories.get(line.normalizedName)?.latestVersion ?? null;
    const judged = withNameCheck(
      judgeRequirement({
        name: line.item.name,
        pinned: line.item.pinned,
        specifier: line.item.specifier,
        checkedVersion: line.checkedVersion,
        latestVersion,
        onPypi,
        pypiProblem: line.release?.state === 'error' ? line.release.error.message : null,
        advisories: facts,
      }),
      {
        name: line.item.name,
        ...nameCandidates(line.item.name, top?.index),
        history:
          line.release?.state === 'ok'
            ? { firstUploadAt: line.release.data.firstUploadAt, releases: line.release.data.releaseCount }
            : null,
        onPypi,
        now: new Date(deps.now()).toISOString(),
      },
    );
    return {
      name: line.item.name,
      normalizedName: line.normalizedName,
      pinned: line.item.pinned !== null,
      specifier: line.item.specifier,
      checkedVersion: line.checkedVersion,
      latestVersion,
      onPypi,
      verdict: judged.verdict,
      advisories: ids.map((id) => toRow(id, recordOf(id))),
      upgradeTo: judged.upgradeTo,
      notes: judged.notes,
      malware: malwareOfVersion(ids, new Map(details.map((a) => [a.id, a]))),
    };
  });

  return {
    results,
    osv:
      batch.state === 'ok'
        ? { state: 'ok' }
        : batch.state === 'disabled'
          ? { state: 'disabled' }
          : { state: 'error', message: batch.error.message },
    checkedAt: new Date(deps.now()).toISOString(),
  };
}

/** Without a known version OSV's answer covers every version: only its MAL- ids say something then. */
/** A line's name against the most-downloaded list: its candidates, and the weak ones the name check weighs. */
function nameCandidates(name: string, index: TyposquatIndex | undefined | null) {
  if (!index) return { candidates: [] };
  const facts = checkTyposquat(name, index);
  return { candidates: facts.candidates, ...(facts.weak ? { weak: facts.weak } : {}) };
}

function relevantIds(answer: BatchAnswer | undefined, checkedVersion: string | null): string[] {
  if (!answer) return [];
  return checkedVersion === null ? answer.ids.filter((id) => id.startsWith('MAL-')) : answer.ids;
}

/**
 * One vulnerability is often listed under several ids (PYSEC-2023-74 = GHSA-j8r2-6x86-q33q): keep
 * one per vulnerability, preferring an id whose record loaded (it carries the fixed versions).
 */
function dropAliases(ids: string[], recordOf: (id: string) => Advisory | undefined): string[] {
  const loadedFirst = [...ids].sort((a, b) => Number(!recordOf(a)) - Number(!recordOf(b)));
  const kept = new Set<string>();
  const covered = new Set<string>();
  for (const id of loadedFirst) {
    if (covered.has(id)) continue;
    kept.add(id);
    covered.add(id);
    for (const alias of recordOf(id)?.aliases ?? []) covered.add(alias);
  }
  return ids.filter((id) => kept.has(id));
}

function toRow(id: string, record: Advisory | undefined): RequirementAdvisory {
  return {
    id,
    summary: record?.summary ?? null,
    severity: record?.severity.band ?? 'unknown',
    fixedIn: record?.fixedIn ?? [],
    malicious: record?.malicious ?? id.startsWith('MAL-'),
    url: record?.url ?? `https://osv.dev/vulnerability/${encodeURIComponent(id)}`,
    detailsLoaded: record !== undefined,
    ...(record?.withdrawn ? { withdrawn: true } : {}),
  };
}
