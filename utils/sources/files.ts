// Distribution files from files.pythonhosted.org for the install-time code checks: picks the sdist and
// one wheel of the viewed version, downloads them within a size cap, checks their sha256 against
// PyPI's, scans them (utils/code-scan) and caches the RESULT by sha256 — files on PyPI never change,
// so a scan is done once per file; the archives themselves are never stored.
import type { CodeFacts, CodeFinding, DistributionFile, ScannedDistribution, Section, SourceError } from '../contract/report';
import { scanDistribution, type DistributionScan } from '../analysis/code-scan';
import type { Http } from './http/client';

/** Scan without asking when the chosen files add up to this much: a few seconds of download at most. */
export const AUTO_SCAN_MAX_BYTES = 10 * 1024 * 1024;
/** The reader may ask for larger files; past this the service worker's memory is at risk. */
export const MAX_SCAN_BYTES = 100 * 1024 * 1024;
/** Large files take longer than a JSON answer. */
const DOWNLOAD_TIMEOUT_MS = 60_000;
/** Scan results never go stale (files are immutable); 30 days keeps storage from filling with old versions. */
const RESULT_TTL_MS = 30 * 24 * 3600_000;
/** A file PyPI lists but its file host does not have: asked again after the hour PyPI's data is cached for. */
const NOT_FOUND_TTL_MS = 3600_000;
/** Bump when the checks change, so results of older checks are not reused. */
const SCANNER_VERSION = 1;
const FILES_HOST = 'https://files.pythonhosted.org/';

export type ScanRequest = { name: string; version: string; files: DistributionFile[]; allowLarge: boolean };

/** The sdist and one wheel: a pure-Python wheel when there is one (what most installs get), else the smallest. */
export function chooseFiles(files: DistributionFile[]): DistributionFile[] {
  const onPypi = files.filter((f) => f.url.startsWith(FILES_HOST));
  const sdist = onPypi.find((f) => f.packageType === 'sdist' && /\.(tar\.gz|tgz)$/i.test(f.filename)) ?? onPypi.find((f) => f.packageType === 'sdist');
  const wheels = onPypi.filter((f) => f.packageType === 'bdist_wheel' || f.filename.toLowerCase().endsWith('.whl'));
  const wheel = wheels.find((f) => /-none-any\.whl$/i.test(f.filename)) ?? [...wheels].sort((a, b) => (a.size ?? Infinity) - (b.size ?? Infinity))[0];
  return [sdist, wheel].filter((f): f is DistributionFile => f !== undefined);
}

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
  // Sizes PyPI did not list count as 0 above: the download cap still holds them to the automatic limit.
  const maxBodyBytes = request.allowLarge ? MAX_SCAN_BYTES : AUTO_SCAN_MAX_BYTES;
  const body = await http.getBytes(file.url, { maxBodyBytes, timeoutMs: DOWNLOAD_TIMEOUT_MS });
  if (!body.ok) {
    if (key && body.error.kind === 'not-found') await remember(http, key, fail(body.error).scan, now(), NOT_FOUND_TTL_MS);
    return fail(body.error);
  }
  if (file.sha256 && (await sha256Hex(body.data)) !== file.sha256) {
    return fail({ kind: 'malformed', message: `${file.filename} does not match the sha256 PyPI lists for it; not scanned` });
  }
  const scan = await scanDistribution(body.data, meta);
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

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
