// Builds fetch Responses from recorded exchanges (../shared/fixtures) and a fake fetch that logs
// every request, so source modules are tested on what upstreams really sent.
import { Http } from '../../../../utils/sources/http';
import type { SimpleFile } from '../../../../utils/sources/pypi-simple';
import { readRecorded, readRecordedText } from '../../../support/fixtures';

/** A fixed "now" after every recorded date, so rate-limit resets and TTLs are predictable. */
export const FIXED_NOW = Date.parse('2026-11-25T12:00:00Z');

/** Transport headers that described the bytes on the wire, not the decoded body we replay. */
const WIRE_HEADERS = new Set(['content-encoding', 'content-length', 'transfer-encoding']);

/** The three recorders' meta shapes: PyGithub (`status: 404`, header pairs), osv-scanner's go-vcr
 * (`code: 404`, header map) and betamax (`status: {code: 404}`, header map). */
type RecordedMeta = {
  response: {
    status?: number | string | { code: number };
    code?: number;
    headers: [string, string][] | Record<string, string[]>;
  };
};

function statusOf(response: RecordedMeta['response']): number {
  if (typeof response.status === 'number') return response.status;
  if (typeof response.status === 'object') return response.status.code;
  if (typeof response.code === 'number') return response.code;
  throw new Error('recorded meta without a status');
}

/** Status and headers of a recorded `*.meta.json`. */
export function recordedMeta(metaPath: string): { status: number; headers: Headers } {
  const { response } = readRecorded(metaPath) as RecordedMeta;
  const headers = new Headers();
  const pairs = Array.isArray(response.headers)
    ? response.headers
    : Object.entries(response.headers).flatMap(([name, values]) => values.map((value): [string, string] => [name, value]));
  for (const [name, value] of pairs) if (!WIRE_HEADERS.has(name.toLowerCase())) headers.append(name, value);
  return { status: statusOf(response), headers };
}

/** A Response with a recorded body and, when given, the recorded status and headers. */
export function recordedResponse(bodyPath: string, metaPath?: string, status?: number): Response {
  const meta = metaPath ? recordedMeta(metaPath) : { status: 200, headers: new Headers({ 'content-type': 'application/json' }) };
  return new Response(readRecordedText(bodyPath), { status: status ?? meta.status, headers: meta.headers });
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export type Call = { url: string; method: string; headers: Headers; body: string | undefined };
export type Answer = (call: Call, init: RequestInit | undefined) => Response | Promise<Response>;

/** An Http whose fetch answers with `answer` and logs each call; `clock.now` can be moved. */
export function recordingHttp(answer: Answer) {
  const calls: Call[] = [];
  const clock = { now: FIXED_NOW };
  const fakeFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const call: Call = {
      url: String(input),
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: typeof init?.body === 'string' ? init.body : undefined,
    };
    calls.push(call);
    return answer(call, init);
  }) as typeof fetch;
  const http = new Http({ fetch: fakeFetch, now: () => clock.now });
  return { http, calls, clock };
}

/** A fetch that never answers until the request is aborted (the Http timeout fires). */
export const hangingAnswer: Answer = (_call, init) =>
  new Promise((_resolve, reject) => {
    init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
  });

/** A fetch that fails like a browser without network. */
export const offlineAnswer: Answer = () => Promise.reject(new TypeError('Failed to fetch'));

/** Every string under `value` at a key that names a URL. */
export function urlsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => urlsIn(item, found));
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (/url$/i.test(key) && typeof inner === 'string') found.push(inner);
      else urlsIn(inner, found);
    }
  }
  return found;
}

/**
 * The pypi-attestations 0.0.19 sdist as the Simple index describes it: filename and sha256 from
 * provenance/SOURCES.md (what PyPI publishes for the file the recorded provenance attests).
 */
export const PYPI_ATTESTATIONS_SDIST: SimpleFile = {
  filename: 'pypi_attestations-0.0.19.tar.gz',
  url: null,
  sha256: '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3',
  provenanceUrl: 'https://pypi.org/integrity/pypi-attestations/0.0.19/pypi_attestations-0.0.19.tar.gz/provenance',
  uploadedAt: null,
  yanked: false,
  yankedReason: null,
  size: null,
  requiresPython: null,
};
