// PEP 740 attestation objects (attacker-controlled JSON, even from pypi.org): parsed once, strictly,
// with caps on every list, then turned into the Sigstore bundle sigstore-browser verifies — the way
// pypi-attestations' `Attestation.to_bundle()` does it (transparency entry 0 only).
import type { SigstoreBundle, TLogEntry } from '@freedomofpress/sigstore-browser';
import * as z from 'zod/mini';
import type { VerificationReason } from '../../contract/report';
import { isStrictBase64 } from './bytes';

/** PEP 740 allows several; real files carry one or two (publish + SLSA). More is not an attestation we read. */
export const MAX_ATTESTATIONS = 8;
/** sigstore-go's cap on tlog entries; only entry 0 is used, as upstream does. */
export const MAX_TLOG_ENTRIES = 32;
/** A Merkle audit path has at most one hash per tree level: 64 covers any 2^64-entry log. */
export const MAX_PROOF_HASHES = 64;
export const DSSE_PAYLOAD_TYPE = 'application/vnd.in-toto+json';
export const KNOWN_PREDICATE_TYPES = ['https://docs.pypi.org/attestations/publish/v1', 'https://slsa.dev/provenance/v1'] as const;

const base64 = (maxLength: number) => z.string().check(z.maxLength(maxLength), z.refine(isStrictBase64, 'not strict base64'));
/** protobuf-JSON int64: a decimal string (numbers are accepted too, as protobuf parsers do). */
const int64 = z.pipe(
  z.union([z.string().check(z.regex(/^\d{1,19}$/)), z.int().check(z.nonnegative())]),
  z.transform((value) => String(value)),
);

const Entry = z.object({
  logIndex: int64,
  logId: z.object({ keyId: base64(256) }),
  kindVersion: z.object({ kind: z.string(), version: z.string() }),
  integratedTime: int64,
  inclusionPromise: z.optional(z.object({ signedEntryTimestamp: base64(1024) })),
  inclusionProof: z.optional(
    z.object({
      logIndex: int64,
      rootHash: base64(256),
      treeSize: int64,
      hashes: z.array(base64(256)).check(z.maxLength(MAX_PROOF_HASHES)),
      checkpoint: z.object({ envelope: z.string().check(z.maxLength(8192)) }),
    }),
  ),
  canonicalizedBody: base64(512 * 1024),
});

/** First pass: only what decides whether the format is one we support at all. */
const Outline = z.object({
  version: z.unknown(),
  verification_material: z.object({
    certificate: z.unknown(),
    transparency_entries: z.array(z.unknown()),
    timestamps: z.optional(z.unknown()),
  }),
  envelope: z.object({ statement: z.unknown(), signature: z.unknown() }),
});

const EntryOutline = z.object({ kindVersion: z.object({ kind: z.string(), version: z.string() }) });

const Strict = z.object({
  certificate: base64(64 * 1024),
  statement: base64(768 * 1024),
  signature: base64(1024),
});

export type ParsedAttestation = {
  certificate: string;
  statement: string;
  signature: string;
  entry: z.infer<typeof Entry>;
};

export type ParseProblem = { state: 'invalid' | 'cannot-verify'; reason: VerificationReason; detail: string };

/** An attestation object we can verify, or why not (a format we do not support is not a forgery). */
export function parseAttestation(raw: unknown): { ok: true; attestation: ParsedAttestation } | { ok: false; problem: ParseProblem } {
  const invalid = (detail: string) => ({
    ok: false as const,
    problem: { state: 'invalid' as const, reason: 'malformed' as const, detail },
  });
  const unsupported = (detail: string) => ({
    ok: false as const,
    problem: { state: 'cannot-verify' as const, reason: 'unsupported-format' as const, detail },
  });

  const outline = z.safeParse(Outline, raw);
  if (!outline.success) return invalid('The attestation is not a PEP 740 attestation object.');
  const { version, verification_material: material, envelope } = outline.data;
  if (version !== 1) return unsupported(`Attestation format version ${String(version).slice(0, 20)} is not supported.`);
  if (material.timestamps !== undefined && !(Array.isArray(material.timestamps) && material.timestamps.length === 0)) {
    return unsupported('The attestation carries RFC 3161 timestamps, which this version does not verify yet.');
  }
  const entries = material.transparency_entries;
  if (entries.length === 0) return invalid('The attestation has no transparency-log entry.');
  if (entries.length > MAX_TLOG_ENTRIES) return invalid(`The attestation lists ${entries.length} transparency-log entries.`);
  const outlineEntry = z.safeParse(EntryOutline, entries[0]);
  if (!outlineEntry.success) return invalid('The transparency-log entry is not readable.');
  const { kind, version: kindVersion } = outlineEntry.data.kindVersion;
  if (kind !== 'dsse' || kindVersion !== '0.0.1') {
    // Rekor v2 (hashedrekord / dsse 0.0.2) and anything newer: PROVENANCE.md §7.16.
    return unsupported(
      `Transparency-log entries of kind ${kind.slice(0, 40)} ${kindVersion.slice(0, 20)} (e.g. Rekor v2) are not supported yet.`,
    );
  }
  const entry = z.safeParse(Entry, entries[0]);
  if (!entry.success) return invalid('The transparency-log entry has missing or malformed fields.');
  if (entry.data.integratedTime === '0') return unsupported('The entry has no integrated time (Rekor v2): not supported yet.');
  const strict = z.safeParse(Strict, { certificate: material.certificate, statement: envelope.statement, signature: envelope.signature });
  if (!strict.success) return invalid('The certificate, statement or signature is not valid base64.');
  return { ok: true, attestation: { ...strict.data, entry: entry.data } };
}

/** The Sigstore bundle (v0.3) for an attestation, as pypi-attestations builds it. */
export function toSigstoreBundle(attestation: ParsedAttestation): SigstoreBundle {
  const { entry } = attestation;
  const tlogEntry: TLogEntry = {
    logIndex: entry.logIndex,
    logId: { keyId: entry.logId.keyId },
    kindVersion: entry.kindVersion,
    integratedTime: entry.integratedTime,
    canonicalizedBody: entry.canonicalizedBody,
    ...(entry.inclusionPromise ? { inclusionPromise: entry.inclusionPromise } : {}),
    ...(entry.inclusionProof ? { inclusionProof: entry.inclusionProof } : {}),
  };
  return {
    mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
    verificationMaterial: { certificate: { rawBytes: attestation.certificate }, tlogEntries: [tlogEntry] },
    dsseEnvelope: { payload: attestation.statement, payloadType: DSSE_PAYLOAD_TYPE, signatures: [{ sig: attestation.signature }] },
  };
}
