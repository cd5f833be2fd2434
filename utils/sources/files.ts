// Distribution files from files.pythonhosted.org for the code checks: which files of a release to read
// (the sdist and one wheel), and their download within a size cap, checked against PyPI's sha256.
// The archives are never stored; what is read from them is (background/build/code-scan.ts).
import type { DistributionFile, SourceError } from '../contract/report';
import type { Http } from './http';
import { MINUTE_MS } from '../lib/time';

/** The automatic download cap (why this much: rule install-code's thresholds, which state it for the rules page). */
export const AUTO_SCAN_MAX_BYTES = 10 * 1024 * 1024;
/** The reader may ask for larger files; past this the service worker's memory is at risk. */
export const MAX_SCAN_BYTES = 100 * 1024 * 1024;
/** Large files take longer than a JSON answer. */
const DOWNLOAD_TIMEOUT_MS = MINUTE_MS;
const FILES_HOST = 'https://files.pythonhosted.org/';

/** The sdist and one wheel: a pure-Python wheel when there is one (what most installs get), else the smallest. */
export function chooseFiles(files: DistributionFile[]): DistributionFile[] {
  const onPypi = files.filter((f) => f.url.startsWith(FILES_HOST));
  const sdist =
    onPypi.find((f) => f.packageType === 'sdist' && /\.(tar\.gz|tgz)$/i.test(f.filename)) ?? onPypi.find((f) => f.packageType === 'sdist');
  const wheels = onPypi.filter((f) => f.packageType === 'bdist_wheel' || f.filename.toLowerCase().endsWith('.whl'));
  const wheel =
    wheels.find((f) => /-none-any\.whl$/i.test(f.filename)) ?? [...wheels].sort((a, b) => (a.size ?? Infinity) - (b.size ?? Infinity))[0];
  return [sdist, wheel].filter((f): f is DistributionFile => f !== undefined);
}

export type Download = { ok: true; bytes: Uint8Array } | { ok: false; error: SourceError };

/** One distribution's bytes, within the cap (the automatic one unless the reader asked for large files). */
export async function downloadDistribution(http: Http, file: DistributionFile, allowLarge: boolean): Promise<Download> {
  // Sizes PyPI did not list count as 0 when choosing: the download cap still holds them to the automatic limit.
  const maxBodyBytes = allowLarge ? MAX_SCAN_BYTES : AUTO_SCAN_MAX_BYTES;
  const body = await http.getBytes(file.url, { maxBodyBytes, timeoutMs: DOWNLOAD_TIMEOUT_MS });
  if (!body.ok) return { ok: false, error: body.error };
  if (file.sha256 && (await sha256Hex(body.data)) !== file.sha256) {
    return {
      ok: false,
      error: { kind: 'malformed', message: `${file.filename} does not match the sha256 PyPI lists for it; not scanned` },
    };
  }
  return { ok: true, bytes: body.data };
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}
