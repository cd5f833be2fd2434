// The Sigstore trust root and the per-attestation, time-correct view of it.
//
// sigstore-browser 0.1.14 picks trust material valid *now* (`loadSigstoreRoot` uses `new Date()`):
// the first tlog valid now (not the one the entry names) and only the CAs valid now. Once Rekor v1
// gets an end date, or Fulcio rotates, every old attestation would fail (PROVENANCE.md §5.3). So we
// select the material ourselves at the entry's integrated time, then hand the library a root that
// holds only that material, with `end` removed because its time check is already done here.
import type { TrustedRoot } from '@freedomofpress/sigstore-browser';
import { decodeBase64, sha256Hex, toHex } from './bytes';
import { TRUSTED_ROOT_SHA256 } from '../../contract/trust-root-pin';
import { TRUSTED_ROOT_JSON } from './trusted-root.generated';

export type { TrustedRoot };

export type LoadedTrustRoot = { root: TrustedRoot; sha256: string };

type Validity = { start: string; end?: string };

const within = (time: Date, validFor: Validity) =>
  Date.parse(validFor.start) <= time.getTime() && (validFor.end === undefined || time.getTime() <= Date.parse(validFor.end));

const withoutEnd = (validFor: Validity): Validity => ({ start: validFor.start });

/** Log IDs compared as bytes: base64 spellings of the same key ID may differ only in ways we refuse anyway. */
function sameKeyId(a: string, b: string): boolean {
  const left = decodeBase64(a);
  const right = decodeBase64(b);
  return left !== null && right !== null && toHex(left) === toHex(right);
}

export type TrustRootView = { ok: true; root: TrustedRoot; key: string } | { ok: false; missing: 'tlog' | 'certificate-authority' };

/**
 * The trust material for one transparency-log entry: the tlog whose logId the entry names and whose
 * validity contains `integratedTime`, and the Fulcio CAs valid at that time. CT logs are kept whole
 * (the library already checks each SCT's own time against them); TSAs are dropped (RFC 3161
 * timestamps are reported as unsupported before we get here).
 */
export function trustRootView(root: TrustedRoot, logKeyId: string, integratedTime: Date): TrustRootView {
  const tlog = root.tlogs.find((log) => sameKeyId(log.logId.keyId, logKeyId) && within(integratedTime, log.publicKey.validFor));
  if (!tlog) return { ok: false, missing: 'tlog' };
  const cas = root.certificateAuthorities.filter((ca) => within(integratedTime, ca.validFor));
  if (cas.length === 0) return { ok: false, missing: 'certificate-authority' };
  const view: TrustedRoot = {
    mediaType: root.mediaType,
    tlogs: [{ ...tlog, publicKey: { ...tlog.publicKey, validFor: withoutEnd(tlog.publicKey.validFor) } }],
    certificateAuthorities: cas.map((ca) => ({ ...ca, validFor: withoutEnd(ca.validFor) })),
    ctlogs: root.ctlogs,
    timestampAuthorities: [],
  };
  // Same material ⇒ same key: lets the verifier reuse imported keys across attestations.
  const key = [tlog.logId.keyId, ...root.certificateAuthorities.map((ca, i) => (cas.includes(ca) ? i : '')).filter((i) => i !== '')].join(
    '|',
  );
  return { ok: true, root: view, key };
}

/** Every CA of the root, without end dates: only for telling a foreign chain from an outdated root. */
export function allCertificateAuthorities(root: TrustedRoot): TrustedRoot {
  return {
    ...root,
    tlogs: [],
    certificateAuthorities: root.certificateAuthorities.map((ca) => ({ ...ca, validFor: withoutEnd(ca.validFor) })),
    timestampAuthorities: [],
  };
}

/** Parses a trusted_root.json text; throws on anything that is not one (our own or a test's input). */
export function parseTrustedRoot(text: string): TrustedRoot {
  const root = JSON.parse(text) as Partial<TrustedRoot>;
  if (!root || !Array.isArray(root.tlogs) || !Array.isArray(root.certificateAuthorities) || !Array.isArray(root.ctlogs)) {
    throw new Error('Not a Sigstore trusted_root.json');
  }
  return { ...root, timestampAuthorities: root.timestampAuthorities ?? [] } as TrustedRoot;
}

let embedded: Promise<LoadedTrustRoot> | null = null;

/** The root built into the extension, checked against its pin once per worker start. */
export function embeddedTrustRoot(): Promise<LoadedTrustRoot> {
  embedded ??= (async () => {
    const sha256 = await sha256Hex(TRUSTED_ROOT_JSON);
    // The build checks this too; a mismatch here means a tampered or mis-built package.
    if (sha256 !== TRUSTED_ROOT_SHA256) throw new Error(`Embedded trust root sha256 ${sha256} does not match the pin`);
    return { root: parseTrustedRoot(TRUSTED_ROOT_JSON), sha256 };
  })();
  return embedded;
}

/** A caller-supplied root (tests, the staging vectors); hashed like the embedded one for cache keys. */
export async function loadTrustRoot(text: string): Promise<LoadedTrustRoot> {
  return { root: parseTrustedRoot(text), sha256: await sha256Hex(text) };
}
