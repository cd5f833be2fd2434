// Runs one verification case exactly as the background does (same code, same WebCrypto), for the
// unit tests in Node and — through a hook on the service worker's global — the e2e tests inside
// Chromium's real MV3 background. Pure: no storage, no network; results are plain data.
import type { AttestationVerification, FileVerification } from '../../contract/report';
import type { SignerPolicy } from './identity';
import { embeddedTrustRoot, loadTrustRoot } from './trust-root';

/** The verifier, evaluated on first use (the hook is installed at every start of the worker; the verifier is not). */
const verifier = () => Promise.all([import('./verify'), import('./verify-file')]).then(([v, f]) => ({ ...v, ...f }));

export type VerificationCase = {
  /** "provenance": an Integrity API body (publishers inside); "attestation": one attestation object. */
  shape: 'provenance' | 'attestation';
  body: unknown;
  dist: { filename: string; sha256: string };
  /** For attestation-shaped cases: the identity to require. */
  policy?: SignerPolicy;
  /** trusted_root.json text; absent: the root embedded in the extension. */
  trustRootJson?: string;
};

export type CaseOutcome = Pick<FileVerification, 'state' | 'reason' | 'identity'> & {
  predicateTypes: (string | null)[];
  logIndex: string | null;
  logUrl: string | null;
  ms: number;
};

export async function runVerificationCase(input: VerificationCase): Promise<CaseOutcome> {
  const { verifyAttestation, verifyProvenanceBody } = await verifier();
  const started = performance.now();
  const trust = input.trustRootJson === undefined ? await embeddedTrustRoot() : await loadTrustRoot(input.trustRootJson);
  let attestations: AttestationVerification[];
  let outcome: Pick<FileVerification, 'state' | 'reason' | 'identity'>;
  if (input.shape === 'provenance') {
    const file = await verifyProvenanceBody(input.body, input.dist, trust);
    attestations = file.attestations;
    outcome = file;
  } else {
    const single = await verifyAttestation(input.body, input.dist, input.policy ?? null, trust);
    attestations = [single];
    outcome = single;
  }
  return {
    state: outcome.state,
    reason: outcome.reason,
    identity: outcome.identity,
    predicateTypes: attestations.map((a) => a.predicateType),
    logIndex: attestations[0]?.logIndex ?? null,
    logUrl: attestations[0]?.logUrl ?? null,
    ms: performance.now() - started,
  };
}

export type Timing = { coldMs: number; warmMs: number; runs: number };

/**
 * Time to verify one case: `coldMs` right after the verifier forgot its imported keys (the first
 * attestation after a service-worker start), `warmMs` the median of `runs` further verifications.
 * Results caches are not involved: this is the cryptographic work itself.
 */
export async function timeVerification(input: VerificationCase, runs = 5): Promise<Timing> {
  (await verifier()).resetVerifierState();
  const cold = await runVerificationCase(input);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await runVerificationCase(input)).ms);
  warm.sort((a, b) => a - b);
  return { coldMs: cold.ms, warmMs: warm[Math.floor(warm.length / 2)] ?? cold.ms, runs };
}

/** Where the e2e tests find the verifier inside the service worker (`sw.evaluate`). */
export const SELF_TEST_GLOBAL = '__pypiTrustPanelVerifier';

/**
 * Puts the pure verifier on the worker's global scope. Only code running in the worker itself (or a
 * debugger attached to it) can reach it — not web pages, not content scripts — and it touches no
 * storage, network or settings, so it adds nothing an attacker could use.
 */
export function exposeVerifierSelfTest(scope: object): void {
  if (SELF_TEST_GLOBAL in scope) return;
  Object.defineProperty(scope, SELF_TEST_GLOBAL, {
    value: Object.freeze({ runVerificationCase, timeVerification }),
    configurable: false,
    writable: false,
  });
}
