// The code checks of a release: the chosen files downloaded (sources/files.ts), scanned (analysis/code-scan)
// and the RESULT cached by sha256 — files on PyPI never change, so a scan is done once per file.
import type { CodeFacts, CodeFinding, DistributionFile, ScannedDistribution, Section, SourceError } from '../../contract/report';
import { scanDistribution, type DistributionScan } from '../../analysis/code-scan';
import { AUTO_SCAN_MAX_BYTES, chooseFiles, downloadDistribution } from '../../sources/files';
import type { Http } from '../../sources/http';

/** Scan results never go stale (files are immutable); 30 days keeps storage from filling with old versions. */
const RESULT_TTL_MS = 30 * 24 * 3600_000;
/** A file PyPI lists but its file host does not have: asked again after the hour PyPI's data is cached for. */
const NOT_FOUND_TTL_MS = 3600_000;
/** Bump when the checks change, so results of older checks are not reused. */
const SCANNER_VERSION = 1;

export type ScanRequest = { name: string; version: string; files: DistributionFile[]; allowLarge: boolean };

export function resultCacheKey(sha256: string): string {
  return `code-scan:v${SCANNER_VERSION}:${sha256}`;
}

const inFlight = new WeakMap<Http, Map<string, Promise<Section<CodeFacts>>>>();

/** Scans the viewed version's files; concurrent calls for the same version share one scan. */
export function scanReleaseCode(http: Http, request: ScanRequest, now: () => number): Promise<Section<CodeFacts>> {
  let running = inFlight.get(http);
  if (!running) inFlight.set(http, (running = new Map()));
  const key = `${request.name}@${request.version}@${request.allowLarge}`;
  const existing = running.get(key);
  if (existing) return existing;
  const promise = scan(http, request, now)
    .catch((error: unknown): Section<CodeFacts> => {
      // A bug in the scanner must not cost the report: the section says it, the rest stands.
      console.warn('[PyPI Trust Panel] code scan failed', error);
      return { state: 'error', error: { kind: 'malformed', message: 'The files could not be scanned' } };
    })
    .finally(() => running.delete(key));
  running.set(key, promise);
  return promise;
}

async function scan(http: Http, request: ScanRequest, now: () => number): Promise<Section<CodeFacts>> {
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

  const results = await Promise.all(chosen.map((file) => scanFile(http, request, file, now)));
  const scanned = results.filter((r) => r.scan.distribution.state === 'scanned');
  if (scanned.length === 0) {
    // Nothing could be read: say why (the first failure) instead of an empty "no findings".
    return { state: 'error', error: results[0]!.scan.distribution.error ?? { kind: 'upstream', message: 'No file could be scanned' } };
  }
  return {
    state: 'ok',
    data: {
      ...facts,
      distributions: results.map((r) => r.scan.distribution),
      findings: [...facts.findings, ...results.flatMap((r) => r.scan.findings)],
    },
    fetchedAt,
    fromCache: results.every((r) => r.fromCache),
  };
}

function sdistOnly(request: ScanRequest, hasSdist: boolean, hasWheel: boolean): CodeFinding[] {
  if (!hasSdist || hasWheel) return [];
  const sdist = request.files.find((f) => f.packageType === 'sdist')!;
  return [{
    check: 'sdist-only',
    level: 'info',
    filename: sdist.filename,
    path: null,
    line: null,
    excerpt: null,
    detail: `${request.version} has no wheel, only a source distribution: pip builds it on your machine, running its setup.py or build backend with your rights.`,
    url: null,
  }];
}

async function scanFile(http: Http, request: ScanRequest, file: DistributionFile, now: () => number): Promise<{ scan: DistributionScan; fromCache: boolean }> {
  const key = file.sha256 ? resultCacheKey(file.sha256) : null;
  const cached = key ? await http.cacheGet(key) : undefined;
  if (cached && cached.expiresAt > now()) return { scan: cached.value as DistributionScan, fromCache: true };

  const meta = { ...file, project: request.name, version: request.version };
  const fail = (error: SourceError): { scan: DistributionScan; fromCache: boolean } => ({
    scan: { distribution: emptyDistribution(file, error), findings: [] },
    fromCache: false,
  });
  const body = await downloadDistribution(http, file, request.allowLarge);
  if (!body.ok) {
    if (key && body.error.kind === 'not-found') await remember(http, key, fail(body.error).scan, now(), NOT_FOUND_TTL_MS);
    return fail(body.error);
  }
  const scan = await scanDistribution(body.bytes, meta);
  if (key && scan.distribution.state === 'scanned') await remember(http, key, scan, now(), RESULT_TTL_MS);
  return { scan, fromCache: false };
}

async function remember(http: Http, key: string, scan: DistributionScan, storedAt: number, ttlMs: number) {
  // Queued with the responses' writes; a full cache costs a rescan next time, never a result.
  http.cacheSet(key, { value: scan, storedAt, expiresAt: storedAt + ttlMs });
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
    inspectorUrl: null,
  };
}
