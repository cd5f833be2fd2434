// Builds the popup scenario's assembled- bodies from recorded parts (test/fixtures/ASSEMBLED.md says
// which). `npx tsx scripts/assemble-popup-fixtures.ts` writes them; a unit test checks
// that the committed files still equal this assembly, so no assembled body drifts from its recordings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';
import { normalizePackageName } from '../../utils/lib/package-name';
import { parseRequirements } from '../../utils/lib/requirements';
import { fixturesDir, projectFixturePath, readRecorded, readRecordedText } from './fixtures';

export const REQUIREMENTS_FIXTURE = 'requirements-30.txt';
export const QUERYBATCH_BODY = 'assembled-osv-querybatch-requirements-30.json';
export const MAL_QUERY_BODY = 'assembled-osv-query-0requests.json';
export const MAL_RECORD = 'api.osv.dev/vulns/MAL-2026-15859.ossf-malicious-packages.json';
/** PyPA source records (YAML) whose JSON form OSV serves at GET /v1/vulns/<id>. */
export const PYSEC_RECORDS = ['PYSEC-2021-98', 'PYSEC-2023-62', 'PYSEC-2023-74'] as const;
/** Unpinned lines are checked at the latest release: these recorded project JSONs say which. */
export const PROJECT_JSON: Record<string, string> = { luigi: 'pypi.org/json/luigi.json', coverage: 'pypi.org/json/coverage.json' };

type Query = { package: { ecosystem: string; name: string }; version?: string };
type BatchResult = { vulns?: { id: string; modified?: string }[]; next_page_token?: string };

export function pysecBodyName(id: string): string {
  return `assembled-osv-vuln-${id}.json`;
}

/** The queries the extension sends for requirements-30.txt: distinct (name, version), in line order. */
export function requirementsQueries(): Query[] {
  const parsed = parseRequirements(readFileSync(projectFixturePath(REQUIREMENTS_FIXTURE), 'utf8'));
  if (!parsed.ok) throw new Error(parsed.message);
  const seen = new Set<string>();
  const queries: Query[] = [];
  for (const requirement of parsed.requirements) {
    const name = requirement.normalizedName;
    const version = requirement.pinned ?? latestOf(name);
    if (seen.has(`${name} ${version}`)) continue;
    seen.add(`${name} ${version}`);
    queries.push({ package: { name, ecosystem: 'PyPI' }, version });
  }
  return queries;
}

function latestOf(name: string): string {
  const recorded = PROJECT_JSON[name];
  if (!recorded) throw new Error(`No recorded project JSON for unpinned ${name}`);
  return (readRecorded(recorded) as { info: { version: string } }).info.version;
}

/** Every recorded querybatch exchange: each query with the result OSV gave it. */
function recordedBatchAnswers(): { query: Query; result: BatchResult; from: string }[] {
  const dir = join(fixturesDir(), 'api.osv.dev', 'querybatch');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.request.json'))
    .flatMap((requestFile) => {
      const bodyFile = requestFile.replace('.request.json', '.json');
      const request = readRecorded(`api.osv.dev/querybatch/${requestFile}`) as { queries: Query[] };
      const response = readRecorded(`api.osv.dev/querybatch/${bodyFile}`) as { results: BatchResult[] };
      return request.queries.map((query, i) => ({ query, result: response.results[i]!, from: bodyFile }));
    });
}

const sameQuery = (a: Query, b: Query) =>
  a.package.ecosystem === b.package.ecosystem &&
  normalizePackageName(a.package.name) === normalizePackageName(b.package.name) &&
  a.version === b.version;

export type AssembledBatch = { body: { results: BatchResult[] }; sources: { query: Query; from: string }[] };

/**
 * One result per query: the recorded result for the same query; for the malicious package the
 * batch form (`{id, modified}`) of its recorded record, whose `affected.versions` name the version;
 * otherwise `{}` (OSV's "nothing known" shape, a declared stand-in).
 */
export function assembleRequirementsBatch(): AssembledBatch {
  const recorded = recordedBatchAnswers();
  const mal = readRecorded(MAL_RECORD) as { id: string; modified: string; affected: { package: { name: string }; versions?: string[] }[] };
  const sources: AssembledBatch['sources'] = [];
  const results = requirementsQueries().map((query): BatchResult => {
    const hit = recorded.find((r) => sameQuery(r.query, query));
    if (hit) {
      sources.push({ query, from: `api.osv.dev/querybatch/${hit.from}` });
      return hit.result;
    }
    const affected = mal.affected.some(
      (a) => normalizePackageName(a.package.name) === query.package.name && a.versions?.includes(query.version ?? ''),
    );
    if (affected) {
      sources.push({ query, from: MAL_RECORD });
      return { vulns: [{ id: mal.id, modified: mal.modified }] };
    }
    sources.push({ query, from: 'stand-in {}' });
    return {};
  });
  return { body: { results }, sources };
}

export function assembledBatchText(): string {
  return `${JSON.stringify(assembleRequirementsBatch().body, null, 2)}\n`;
}

/** `/v1/query` for the name only, answered with the one record OSV has for it: the recorded MAL- record, verbatim. */
export function assembledMalQueryText(): string {
  return `{"vulns":[${readRecordedText(MAL_RECORD).trim()}]}\n`;
}

/** The PyPA YAML source record as the JSON OSV serves; YAML's failsafe schema keeps every version a string. */
export function assembledPysecText(id: string): string {
  const record = YAML.parse(readRecordedText(`api.osv.dev/source-records/pypa-advisory-database/${id}.yaml`), {
    schema: 'failsafe',
  }) as unknown;
  return `${JSON.stringify(record, null, 2)}\n`;
}

/** Every assembled file of the popup scenario: file name → expected text. */
export function popupAssembledFiles(): Record<string, string> {
  return {
    [QUERYBATCH_BODY]: assembledBatchText(),
    [MAL_QUERY_BODY]: assembledMalQueryText(),
    ...Object.fromEntries(PYSEC_RECORDS.map((id) => [pysecBodyName(id), assembledPysecText(id)])),
  };
}
