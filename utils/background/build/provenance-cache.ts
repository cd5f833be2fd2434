// Verification results, cached by what determines them: the file (name, sha256), the provenance body,
// the trust root and the verifier version. Attestations are immutable, so an entry never goes stale;
// it is only replaced when one of those inputs changes. Stored in the extension's storage-backed
// cache (the MV3 worker can be stopped at any time: memory alone would re-verify after every wake).
import type { FileVerification } from '../../contract/report';
import type { CacheStore } from '../../sources/http';
import { DAY_MS } from '../../lib/time';
import { derived } from './derived';
import { sha256Hex } from '../../analysis/provenance/bytes';
import { embeddedTrustRoot, type LoadedTrustRoot } from '../../analysis/provenance/trust-root';
import { VERIFIER_VERSION } from '../../analysis/provenance/verifier-version';
import { fileVerification } from '../../contract/file-verification';

const PREFIX = 'provenance-verification:';
/** "Never" for storage purposes: the key changes before an entry could be wrong. */
const KEEP_MS = 10 * 365 * DAY_MS;

export type VerifyFileInput = { filename: string; sha256: string | null; body: unknown };

/** The cache key: every input the result depends on (the body hashed as its JSON text). */
export async function verificationCacheKey(input: VerifyFileInput, trustRootSha256: string): Promise<string> {
  const bodyHash = await sha256Hex(JSON.stringify(input.body) ?? 'undefined');
  const parts = [input.filename, input.sha256 ?? '-', bodyHash, trustRootSha256, VERIFIER_VERSION];
  return PREFIX + (await sha256Hex(parts.join('\n')));
}

function isFileVerification(value: unknown): value is FileVerification {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as FileVerification).state === 'string' &&
    Array.isArray((value as FileVerification).attestations)
  );
}

/**
 * Verifies a file's provenance body against the embedded trust root (or `trust`), reusing a cached
 * result when every input is the same. Never throws: a failing cache only costs a re-verification.
 */
export async function verifyFileCached(
  input: VerifyFileInput,
  cache: CacheStore | null,
  now: () => number,
  trust?: LoadedTrustRoot,
): Promise<FileVerification> {
  let root: LoadedTrustRoot;
  try {
    root = trust ?? (await embeddedTrustRoot());
  } catch (error) {
    return fileVerification(
      'cannot-verify',
      'verifier-error',
      `The built-in Sigstore trust root is unusable: ${String(error).slice(0, 160)}`,
    );
  }
  const key = await verificationCacheKey(input, root.sha256);
  // Loaded on first use: the bundler keeps it in background.js but evaluates it (sigstore-browser, its curve tables)
  // only when an attestation is verified, not at every start of the worker.
  const verify = async () => {
    const { verifyProvenanceBody } = await import('../../analysis/provenance/verify-file');
    return verifyProvenanceBody(input.body, { filename: input.filename, sha256: input.sha256 }, root);
  };
  // A verifier error may pass (a trust root that failed to load); any other result holds for these inputs.
  const options = {
    now,
    accept: isFileVerification,
    ttlMs: (result: FileVerification) => (result.reason === 'verifier-error' ? null : KEEP_MS),
  };
  return (await derived(cache, key, options, verify)).value;
}
