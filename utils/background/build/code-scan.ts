// The code checks of a release: the chosen files downloaded (sources/files.ts), scanned (analysis/code-scan)
// and the RESULT cached by sha256 — files on PyPI never change, so a scan is done once per file.
import type {
  CodeFacts,
  CodeFinding,
  DistributionFile,
  ReleaseComparison,
  ReleaseInfo,
  ScannedDistribution,
  Section,
  SourceError,
} from '../../contract/report';
import { markNewFindings, previousRelease } from '../../analysis/code-scan/new-in-release';
import type { DistributionScan } from '../../analysis/code-scan';
import { AUTO_SCAN_MAX_BYTES, chooseFiles, downloadDistribution } from '../../sources/files';
import type { Http } from '../../sources/http';
import { DAY_MS } from '../../lib/time';
import { NOT_FOUND_TTL_MS } from '../../sources/http';
import { SCAN_BUDGET_MS } from '../../analysis/code-scan/pace';
import { derived, type DerivedStore, httpStore, memoryStore } from './derived';
import { inThreadEngine, type ScanEngine } from './scan-engine';

/** Scan results never go stale (files are immutable); 30 days keeps storage from filling with old versions. */
const RESULT_TTL_MS = 30 * DAY_MS;
/** A scan the time budget cut short is kept a day: the machine may have been busy; an archive built to stall us stays cheap. */
const PARTIAL_RESULT_TTL_MS = DAY_MS;
/** Bump when the checks change, so results of older checks are not reused. */
const SCANNER_VERSION = 6; // 5: the checks changed (clipper, invisible payloads, exec of received data, scoped meeting); 6: a wheel's METADATA Requires-Dist is kept with its result

export type ScanRequest = {
  name: string;
  version: string;
  files: DistributionFile[];
  allowLarge: boolean;
  /** Every release (PyPI JSON) and the files of one by version (the Simple index): to compare with the previous release. */
  history?: { releases: ReleaseInfo[]; filesOf: (version: string) => Promise<DistributionFile[]> };
};

export function resultCacheKey(sha256: string): string {
  return `code-scan:v${SCANNER_VERSION}:${sha256}`;
}

/** One scan per release at a time: concurrent calls (the page's start, then its scanCode) share it. */
const releaseScans = new WeakMap<Http, DerivedStore>();

/** Scans the viewed version's files; concurrent calls for the same version share one scan. */
export async function scanReleaseCode(
  http: Http,
  request: ScanRequest,
  now: () => number,
  scanner: ScanEngine = inThreadEngine(now),
): Promise<Section<CodeFacts>> {
  let store = releaseScans.get(http);
  if (!store) releaseScans.set(http, (store = memoryStore()));
  const key = `${request.name}@${request.version}@${request.allowLarge}`;
  const scanned = derived(store, key, { now, ttlMs: () => null }, () =>
    scan(http, request, now, scanner).catch((error: unknown): Section<CodeFacts> => {
      // A bug in the scanner must not cost the report: the section says it, the rest stands.
      console.warn('[PyPI Trust Panel] code scan failed', error);
      return { state: 'error', error: { kind: 'malformed', message: 'The files could not be scanned' } };
    }),
  );
  return (await scanned).value;
}

async function scan(http: Http, request: ScanRequest, now: () => number, scanner: ScanEngine): Promise<Section<CodeFacts>> {
  const hasSdist = request.files.some((f) => f.packageType === 'sdist');
  const hasWheel = request.files.some((f) => f.packageType === 'bdist_wheel');
  const chosen = chooseFiles(request.files);
  const totalBytes = chosen.reduce((sum, f) => sum + (f.size ?? 0), 0);
  const facts: CodeFacts = {
    version: request.version,
    status: 'scanned',
    totalBytes,
    capBytes: AUTO_SCAN_MAX_BYTES,
    hasSdist,
    hasWheel,
    distributions: [],
    findings: sdistOnly(request, hasSdist, hasWheel),
  };
  const fetchedAt = new Date(now()).toISOString();
  if (chosen.length === 0) return { state: 'ok', data: { ...facts, status: 'no-files' }, fetchedAt, fromCache: false };
  if (totalBytes > AUTO_SCAN_MAX_BYTES && !request.allowLarge) {
    return { state: 'ok', data: { ...facts, status: 'too-large' }, fetchedAt, fromCache: false };
  }

  const results = await Promise.all(chosen.map((file) => scanFile(http, request, file, now, scanner)));
  const scanned = results.filter((r) => r.value.distribution.state === 'scanned');
  if (scanned.length === 0) {
    // Nothing could be read: say why (the first failure) instead of an empty "no findings".
    return { state: 'error', error: results[0]!.value.distribution.error ?? { kind: 'upstream', message: 'No file could be scanned' } };
  }
  const distributions = results.map((r) => r.value.distribution);
  const findings = [...facts.findings, ...withoutSdistImportCode(results.map((r) => r.value))];
  const compared = await compareWithPrevious(http, request, { version: request.version, distributions, findings }, now, scanner);
  return {
    state: 'ok',
    data: { ...facts, distributions, findings: compared.findings, comparedWith: compared.comparedWith },
    fetchedAt,
    fromCache: results.every((r) => r.fromCache),
  };
}

const alarming = (f: CodeFinding) => (f.level === 'caution' || f.level === 'danger') && (f.runs ?? 'install') !== 'package';

/**
 * The previous release scanned the same way (within the automatic cap, never "Inspect anyway"), and the
 * viewed findings marked new or not. Only when there is something to mark: a caution+ install- or import-time
 * finding. Its wheel always; its sdist only when the viewed sdist has such a finding (install code lives there).
 */
async function compareWithPrevious(
  http: Http,
  request: ScanRequest,
  viewed: { version: string; distributions: ScannedDistribution[]; findings: CodeFinding[] },
  now: () => number,
  scanner: ScanEngine,
): Promise<{ findings: CodeFinding[]; comparedWith: ReleaseComparison | null }> {
  const unchanged = (comparedWith: ReleaseComparison | null) => ({ findings: viewed.findings, comparedWith });
  const worrying = viewed.findings.filter(alarming);
  if (!request.history || worrying.length === 0) return unchanged(null);
  const version = previousRelease(request.history.releases, request.version);
  if (!version) return unchanged(null);
  const notCompared = (reason: string) => unchanged({ version, state: 'not-compared', reason });
  const sdistFiles = new Set(viewed.distributions.filter((d) => d.packageType === 'sdist').map((d) => d.filename));
  const wantSdist = worrying.some((f) => sdistFiles.has(f.filename ?? ''));
  const chosen = chooseFiles(await request.history.filesOf(version)).filter((f) => f.packageType !== 'sdist' || wantSdist);
  if (chosen.length === 0) return notCompared(`${version} has no files this scan reads`);
  const bytes = chosen.reduce((sum, f) => sum + (f.size ?? 0), 0);
  if (bytes > AUTO_SCAN_MAX_BYTES) return notCompared(`${version}'s files are larger than the automatic cap`);
  const previous = { ...request, version, files: chosen, allowLarge: false };
  const scans = (await Promise.all(chosen.map((file) => scanFile(http, previous, file, now, scanner)))).map((r) => r.value);
  if (!scans.some((s) => s.distribution.state === 'scanned')) return notCompared(`${version}'s files could not be read`);
  const findings = markNewFindings(viewed, {
    version,
    distributions: scans.map((s) => s.distribution),
    findings: withoutSdistImportCode(scans),
  });
  return { findings, comparedWith: { version, state: 'compared', reason: null } };
}

/**
 * An sdist's package __init__.py files stand in for what a wheel would import; once a wheel was read, its
 * own import-time code is what pip installs, so the sdist's import findings would only repeat it.
 */
function withoutSdistImportCode(scans: DistributionScan[]): CodeFinding[] {
  const wheelRead = scans.some((s) => s.distribution.packageType === 'bdist_wheel' && s.distribution.state === 'scanned');
  return scans.flatMap((s) =>
    wheelRead && s.distribution.packageType === 'sdist' ? s.findings.filter((f) => (f.runs ?? 'install') === 'install') : s.findings,
  );
}

function sdistOnly(request: ScanRequest, hasSdist: boolean, hasWheel: boolean): CodeFinding[] {
  if (!hasSdist || hasWheel) return [];
  const sdist = request.files.find((f) => f.packageType === 'sdist')!;
  return [
    {
      check: 'sdist-only',
      level: 'info',
      filename: sdist.filename,
      path: null,
      line: null,
      excerpt: null,
      detail: `${request.version} has no wheel, only a source distribution: pip builds it on your machine, running its setup.py or build backend with your rights.`,
      url: null,
    },
  ];
}

async function scanFile(
  http: Http,
  request: ScanRequest,
  file: DistributionFile,
  now: () => number,
  scanner: ScanEngine,
): Promise<{ value: DistributionScan; fromCache: boolean }> {
  const meta = { ...file, project: request.name, version: request.version };
  const failed = (error: SourceError): DistributionScan => ({ distribution: emptyDistribution(file, error), findings: [], complete: true });
  const make = async (): Promise<DistributionScan> => {
    const body = await downloadDistribution(http, file, request.allowLarge);
    // In the scan worker, off this thread (scan-engine.ts), budgeted: a page's badge never waits for it.
    return body.ok ? scanner.scan(body.bytes, meta, SCAN_BUDGET_MS) : failed(body.error);
  };
  // Kept by sha256: a scanned file for good, a file its host does not have for the hour PyPI's data is cached.
  const ttlMs = ({ distribution, complete }: DistributionScan) =>
    distribution.state === 'scanned'
      ? complete === false
        ? PARTIAL_RESULT_TTL_MS
        : RESULT_TTL_MS
      : distribution.error?.kind === 'not-found'
        ? NOT_FOUND_TTL_MS
        : null;
  return file.sha256
    ? derived(httpStore(http), resultCacheKey(file.sha256), { now, ttlMs }, make)
    : { value: await make(), fromCache: false };
}

function emptyDistribution(file: DistributionFile, error: SourceError): ScannedDistribution {
  return {
    filename: file.filename,
    packageType: file.packageType,
    size: file.size,
    sha256: file.sha256,
    state: 'error',
    error,
    entryCount: 0,
    checkedPaths: [],
    checkedCount: 0,
    inspectorUrl: null,
  };
}
