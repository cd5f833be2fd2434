// PyPI's Integrity API (PEP 740): who published each file of a release (the Trusted Publisher) and
// which file digests the attestations name. The raw body goes along with our parse of it: the verifier
// (utils/analysis/provenance/) checks the body as PyPI sent it, never our stripped copy.
import * as z from 'zod/mini';
import type { FileProvenance, FileVerification, Publisher, SourceError } from '../contract/report';
import { normalizePackageName } from '../lib/package-name';
import { fileVerification, noAttestation, notChecked } from '../contract/file-verification';
import { safeHttpsUrl } from '../lib/safe-url';
import { type Http, sourceError } from './http';
import { integrityUrl, type SimpleFile } from './pypi-simple';
import { HOUR_MS } from '../lib/time';

export const INTEGRITY_ACCEPT = 'application/vnd.pypi.integrity.v1+json';
export const INTEGRITY_TTL_MS = HOUR_MS;
/** A provenance object is ≈10 KB; one a hundred times that is not one. */
export const INTEGRITY_MAX_BODY_BYTES = 1024 * 1024;
/** Some releases ship 60+ wheels; the sdist and the first 30 files tell the publisher story. */
export const MAX_FILES_CHECKED = 30;
/** How many earlier releases to show provenance for (to notice when attestations stop). */
export const PREVIOUS_RELEASES = 10;

const text = z.catch(z.optional(z.nullable(z.string())), undefined);

const PublisherBody = z.object({
  kind: z.string(),
  repository: text,
  workflow: text,
  workflow_filepath: text,
  environment: text,
  email: text,
});
const AttestationBody = z.object({
  version: z.catch(z.optional(z.number()), undefined),
  verification_material: z.catch(
    z.optional(z.object({ certificate: text, transparency_entries: z.catch(z.optional(z.array(z.unknown())), undefined) })),
    undefined,
  ),
  envelope: z.object({ statement: z.string(), signature: text }),
});
export const ProvenanceBody = z.object({
  version: z.catch(z.optional(z.number()), undefined),
  attestation_bundles: z.array(z.object({ publisher: PublisherBody, attestations: z.array(AttestationBody) })),
});
export type ProvenanceBody = z.infer<typeof ProvenanceBody>;

/** The in-toto statement inside a DSSE envelope: we read its subjects (file name + digest). */
const StatementBody = z.object({
  subject: z.array(z.object({ name: z.string(), digest: z.catch(z.optional(z.object({ sha256: z.optional(z.string()) })), undefined) })),
  predicateType: z.catch(z.optional(z.string()), undefined),
});

const GITHUB_REPO = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const GITLAB_REPO = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9._-]+)+$/;
const WORKFLOW_FILE = /^[A-Za-z0-9._-]{1,100}$/;

type Subject = FileProvenance['subjects'][number];

/** base64 → UTF-8 → JSON → subjects, without Buffer (runs in the extension). null when unreadable. */
export function decodeStatement(base64: string): { subjects: Subject[]; predicateType: string | null } | null {
  try {
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const json: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const parsed = z.safeParse(StatementBody, json);
    if (!parsed.success) return null;
    return {
      subjects: parsed.data.subject.map((s) => ({ name: s.name, sha256: s.digest?.sha256?.toLowerCase() ?? null })),
      predicateType: parsed.data.predicateType ?? null,
    };
  } catch {
    return null; // not base64, not UTF-8 or not JSON: the attestation cannot be read
  }
}

function publisherUrl(kind: string, repository: string | null, workflow: string | null): string | null {
  if (repository === null) return null;
  switch (kind.toLowerCase()) {
    case 'github':
      if (!GITHUB_REPO.test(repository)) return null;
      return safeHttpsUrl(
        workflow !== null && WORKFLOW_FILE.test(workflow)
          ? `https://github.com/${repository}/blob/HEAD/.github/workflows/${workflow}`
          : `https://github.com/${repository}`,
      );
    case 'gitlab':
      return GITLAB_REPO.test(repository) ? safeHttpsUrl(`https://gitlab.com/${repository}`) : null;
    default:
      return null;
  }
}

function toPublisher(body: z.infer<typeof PublisherBody>): Publisher {
  const repository = body.repository?.trim() || null;
  const workflow = body.workflow?.trim() || body.workflow_filepath?.trim() || null;
  return {
    kind: body.kind,
    repository,
    workflow,
    environment: body.environment?.trim() || null,
    email: body.email?.trim() || null,
    url: publisherUrl(body.kind, repository, workflow),
  };
}

/** Wheel names may list compressed tags in another order (PEP 425): compare them as sets. */
function sameDistribution(subjectName: string, filename: string): boolean {
  if (subjectName === filename) return true;
  if (!subjectName.endsWith('.whl') || !filename.endsWith('.whl')) return false;
  const fields = (name: string) => {
    const parts = name.slice(0, -4).split('-');
    const tags = parts.slice(-3).map((tag) => [...new Set(tag.split('.'))].sort().join('.'));
    return [normalizePackageName(parts[0] ?? ''), ...parts.slice(1, -3), ...tags].join('-');
  };
  return fields(subjectName) === fields(filename);
}

function baseProvenance(file: SimpleFile): FileProvenance {
  return {
    filename: file.filename,
    sha256: file.sha256,
    provenanceUrl: file.provenanceUrl,
    state: 'none',
    publishers: [],
    attestationCount: 0,
    subjects: [],
    digestMatch: null,
    error: null,
    verification: noAttestation(),
  };
}

function toFileProvenance(body: ProvenanceBody, file: SimpleFile): FileProvenance {
  const publishers = new Map<string, Publisher>();
  const subjects: Subject[] = [];
  let attestationCount = 0;
  let unreadable = 0;
  for (const bundle of body.attestation_bundles) {
    const publisher = toPublisher(bundle.publisher);
    publishers.set(JSON.stringify(publisher), publisher);
    for (const attestation of bundle.attestations) {
      attestationCount++;
      const statement = decodeStatement(attestation.envelope.statement);
      if (statement === null) unreadable++;
      else subjects.push(...statement.subjects);
    }
  }
  const base = { ...baseProvenance(file), publishers: [...publishers.values()], attestationCount, subjects };
  if (attestationCount === 0) return base; // an empty bundle list attests nothing
  if (unreadable > 0) {
    return {
      ...base,
      state: 'error',
      error: sourceError('malformed', `${unreadable} attestation statement(s) could not be read`),
      verification: notChecked(),
    };
  }
  const digestMatch = file.sha256 !== null && subjects.some((s) => s.sha256 === file.sha256 && sameDistribution(s.name, file.filename));
  return { ...base, state: 'attested', digestMatch, verification: notChecked() };
}

/** A raw Integrity API body (any JSON) for one file to our FileProvenance; never throws. */
export function normaliseProvenance(raw: unknown, file: SimpleFile): FileProvenance {
  const parsed = z.safeParse(ProvenanceBody, raw);
  if (!parsed.success) {
    const error = sourceError('malformed', 'PyPI sent provenance of an unexpected shape');
    return { ...baseProvenance(file), state: 'error', error, verification: notChecked() };
  }
  return toFileProvenance(parsed.data, file);
}

/** What to show when the Integrity API did not give a body: grey, never red (PROVENANCE.md §3.2). */
function unavailable(status: number | null, error: SourceError): FileVerification {
  return status === 403
    ? fileVerification('cannot-verify', 'api-disabled', 'PyPI has temporarily disabled attestations (Integrity API 403).')
    : fileVerification('cannot-verify', 'unavailable', `PyPI's Integrity API did not answer: ${error.message}`);
}

/** One file's provenance as read (not yet verified), with the raw body the verifier needs (null: none to verify). */
export type FileProvenanceRead = {
  provenance: FileProvenance;
  body: unknown;
  fetchedAt: string | null;
  fromCache: boolean;
  failed: SourceError | null;
};

/** Any JSON: the verifier reads the body as PyPI sent it; its shape is judged by normaliseProvenance. */
const AnyJson = z.unknown();

/**
 * The Integrity URL PyPI gives a file (`/integrity/<normalised name>/<version>/<file>/provenance`, as the Simple
 * index lists it), for a file the page names before the Simple index answers.
 */
export function integrityFileUrl(name: string, version: string, filename: string): string {
  const parts = [normalizePackageName(name), version, filename].map(encodeURIComponent);
  return `https://pypi.org/integrity/${parts.join('/')}/provenance`;
}

/** One Integrity body, raw: one request per URL (in flight or cached) whoever asks first, the page's hint or the Simple index. */
export function fetchIntegrityBody(http: Http, url: string) {
  return http.getJson(url, AnyJson, {
    headers: { Accept: INTEGRITY_ACCEPT },
    ttlMs: INTEGRITY_TTL_MS,
    maxBodyBytes: INTEGRITY_MAX_BODY_BYTES,
  });
}

export async function fetchFileProvenance(http: Http, file: SimpleFile): Promise<FileProvenanceRead> {
  if (file.provenanceUrl === null) return { provenance: baseProvenance(file), body: null, fetchedAt: null, fromCache: true, failed: null };
  const url = integrityUrl(file.provenanceUrl);
  if (url === null) {
    const error = sourceError('malformed', 'Provenance URL is not on pypi.org/integrity');
    const verification = fileVerification('cannot-verify', 'unavailable', error.message);
    return {
      provenance: { ...baseProvenance(file), state: 'error', error, verification },
      body: null,
      fetchedAt: null,
      fromCache: true,
      failed: error,
    };
  }
  const result = await fetchIntegrityBody(http, url);
  if (!result.ok) {
    // The Simple index advertised provenance for this file, so a 404 is an inconsistency we could not
    // check, never "no attestation": calling it absent would raise a false provenance-regression alarm.
    if (result.error.kind === 'not-found') {
      const error = sourceError('not-found', 'PyPI lists provenance for this file, but the Integrity API did not return it');
      const verification = fileVerification('cannot-verify', 'unavailable', error.message);
      return {
        provenance: { ...baseProvenance(file), state: 'error', error, verification },
        body: null,
        fetchedAt: null,
        fromCache: false,
        failed: error,
      };
    }
    const provenance: FileProvenance = {
      ...baseProvenance(file),
      state: 'error',
      error: result.error,
      verification: unavailable(result.status, result.error),
    };
    return { provenance, body: null, fetchedAt: null, fromCache: false, failed: result.error };
  }
  const presence = normaliseProvenance(result.data, file);
  const empty = presence.attestationCount === 0 && presence.state !== 'error';
  // A body we cannot even read counts as a failed request, as it did before verification existed.
  const failed = presence.state === 'error' ? presence.error : null;
  return {
    provenance: empty ? { ...presence, verification: noAttestation() } : presence,
    body: empty ? null : result.data,
    fetchedAt: result.fetchedAt,
    fromCache: result.fromCache,
    failed,
  };
}
