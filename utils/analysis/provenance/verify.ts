// Verifies one PEP 740 attestation for one distribution file, offline, against a Sigstore trust root:
// sigstore-browser does the Sigstore part (chain to Fulcio, SCT, Rekor SET + inclusion proof +
// checkpoint, integrated time inside the certificate, DSSE signature over the PAE, log-body
// consistency); this layer adds what PEP 740 and sigstore-python require on top (PROVENANCE.md §3).
import { SigstoreVerifier, X509Certificate, type VerificationPolicy } from '@freedomofpress/sigstore-browser';
import type { AttestationVerification, VerificationReason } from '../../contract/report';
import { KNOWN_PREDICATE_TYPES, parseAttestation, toSigstoreBundle, type ParsedAttestation } from './attestation';
import { decodeBase64, decodeUtf8 } from './bytes';
import { sameDistribution } from './distribution';
import { certificateIdentity, leafKeyUsageProblem, policyProblem, type SignerPolicy } from './identity';
import { allCertificateAuthorities, trustRootView, type LoadedTrustRoot } from './trust-root';

/** Bumped whenever a check changes, so cached results from an older verifier are not reused. */
export { VERIFIER_VERSION } from './verifier-version';
const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
/** Beyond year 275760 a JavaScript Date is invalid: such an integrated time is not one. */
const MAX_EPOCH_SECONDS = 8_640_000_000_000;

export type Distribution = { filename: string; sha256: string };

/** The policy run inside the library: none, so a crypto failure and an identity mismatch stay apart. */
const ACCEPT_ANY: VerificationPolicy = { verify: () => undefined };

const verifiers = new Map<string, Promise<SigstoreVerifier>>();

/** One library verifier per trust-root view: key imports and CA parsing happen once per worker. */
function verifierFor(cacheKey: string, load: () => Promise<SigstoreVerifier>): Promise<SigstoreVerifier> {
  let verifier = verifiers.get(cacheKey);
  if (!verifier) {
    if (verifiers.size >= 16) verifiers.clear();
    verifier = load();
    verifier.catch(() => verifiers.delete(cacheKey));
    verifiers.set(cacheKey, verifier);
  }
  return verifier;
}

/** Forget imported keys (benchmarks measure a cold start with it). */
export function resetVerifierState(): void {
  verifiers.clear();
}

/** sigstore-browser throws plain Errors: its messages name the stage that failed. */
const STAGES: [RegExp, VerificationReason][] = [
  [/certificate chain|No valid CAs/i, 'certificate-chain'],
  [/SCT/, 'sct'],
  [
    /tlog entry does not match|Rekor log does not match|DSSE signature mismatch|payloadHash|payload hash|kind\/version mismatch|Expected entry type|canonicalized body|DSSE entry/i,
    'tlog-body-consistency',
  ],
  [/inclusion promise|Rekor log ID mismatch|Rekor public key/i, 'inclusion-promise'],
  [/checkpoint|Root hash mismatch/i, 'checkpoint'],
  [/inclusion proof|hash count|Calculated root hash|log index/i, 'inclusion-proof'],
  [/outside of the certificate validity/i, 'integrated-time'],
  [/DSSE signature verification failed|exactly 1 signature/i, 'dsse-signature'],
];

function stageOf(error: unknown): VerificationReason {
  const message = error instanceof Error ? error.message : String(error);
  return STAGES.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed';
}

const DETAILS: Partial<Record<VerificationReason, string>> = {
  'certificate-chain': 'The signing certificate does not chain to a Sigstore (Fulcio) certificate authority.',
  sct: 'The certificate transparency proof (SCT) in the certificate does not verify.',
  'inclusion-promise': "The transparency log's signed entry timestamp does not verify.",
  'inclusion-proof': 'The Merkle inclusion proof does not lead to the logged tree.',
  checkpoint: "The transparency log's signed checkpoint does not verify.",
  'integrated-time': 'The entry was logged outside the signing certificate’s validity.',
  'dsse-signature': 'The signature over the attested statement does not verify.',
  'tlog-body-consistency': 'The transparency log entry is for a different signature or certificate.',
  malformed: 'The attestation could not be verified as a Sigstore bundle.',
};

type Outcome = Omit<AttestationVerification, 'logIndex' | 'logUrl' | 'integratedAt' | 'predicateType' | 'identity'> &
  Partial<Pick<AttestationVerification, 'predicateType' | 'identity'>>;

const fail = (state: AttestationVerification['state'], reason: VerificationReason, detail?: string): Outcome => ({
  state,
  reason,
  detail: detail ?? DETAILS[reason] ?? null,
});

/** Checks one attestation; never throws (every failure is a value). */
export async function verifyAttestation(
  raw: unknown,
  dist: Distribution,
  policy: SignerPolicy | null,
  trust: LoadedTrustRoot,
): Promise<AttestationVerification> {
  const parsed = parseAttestation(raw);
  if (!parsed.ok) return withLog(parsed.problem, null, false);
  try {
    const outcome = await verifyParsed(parsed.attestation, dist, policy, trust);
    return withLog(outcome, parsed.attestation, outcome.identity !== undefined && outcome.identity !== null);
  } catch (error) {
    // A bug or a library surprise: say we could not check, never that it failed or passed.
    return withLog(
      fail('cannot-verify', 'verifier-error', `The verifier stopped: ${String(error).slice(0, 200)}`),
      parsed.attestation,
      false,
    );
  }
}

/** Log index and time are shown only once the log's signature over them was checked. */
function withLog(outcome: Outcome, attestation: ParsedAttestation | null, logVerified: boolean): AttestationVerification {
  const entry = logVerified ? attestation?.entry : undefined;
  return {
    predicateType: null,
    identity: null,
    ...outcome,
    logIndex: entry?.logIndex ?? null,
    logUrl: entry ? `https://search.sigstore.dev/?logIndex=${entry.logIndex}` : null,
    integratedAt: entry ? new Date(Number(entry.integratedTime) * 1000).toISOString() : null,
  };
}

async function verifyParsed(
  attestation: ParsedAttestation,
  dist: Distribution,
  policy: SignerPolicy | null,
  trust: LoadedTrustRoot,
): Promise<Outcome> {
  const certBytes = decodeBase64(attestation.certificate);
  const seconds = Number(attestation.entry.integratedTime);
  if (!certBytes || !(seconds > 0 && seconds < MAX_EPOCH_SECONDS)) return fail('invalid', 'malformed');
  let cert: X509Certificate;
  try {
    cert = X509Certificate.parse(certBytes);
    void cert.notBefore; // parsing is lazy: touch the validity to surface a broken DER here
  } catch {
    return fail('invalid', 'malformed', 'The signing certificate is not a readable X.509 certificate.');
  }

  const view = trustRootView(trust.root, attestation.entry.logId.keyId, new Date(seconds * 1000));
  if (!view.ok) return outsideTrustRoot(cert, trust, view.missing);

  const verifier = await verifierFor(`${trust.sha256}|${view.key}`, async () => {
    const instance = new SigstoreVerifier();
    await instance.loadSigstoreRoot(view.root);
    return instance;
  });
  try {
    await verifier.verifyDsse(toSigstoreBundle(attestation), ACCEPT_ANY);
  } catch (error) {
    return fail('invalid', stageOf(error));
  }

  const keyUsage = leafKeyUsageProblem(cert);
  if (keyUsage) return fail('invalid', 'key-usage', keyUsage);
  const loggedCert = await loggedCertificateProblem(attestation);
  if (loggedCert) return fail('invalid', 'tlog-body-consistency', loggedCert);

  const identity = certificateIdentity(cert);
  const statement = await checkStatement(attestation.statement, dist);
  // Signed, but for another file: nothing about it is presented as the file's signer.
  if ('problem' in statement) return statement.problem;
  if (!KNOWN_PREDICATE_TYPES.includes(statement.predicateType as (typeof KNOWN_PREDICATE_TYPES)[number])) {
    return {
      ...fail('cannot-verify', 'unknown-predicate', 'The attestation is of a kind this extension does not know.'),
      predicateType: statement.predicateType,
      identity,
    };
  }
  if (!policy) {
    return {
      ...fail('cannot-verify', 'unsupported-publisher', 'PyPI lists a kind of Trusted Publisher this extension cannot check.'),
      predicateType: statement.predicateType,
      identity,
    };
  }
  const mismatch = policyProblem(identity, policy);
  if (mismatch)
    return {
      ...fail('publisher-mismatch', 'policy', `The attestation was ${mismatch}.`),
      predicateType: statement.predicateType,
      identity,
    };
  return { state: 'verified', reason: null, detail: null, predicateType: statement.predicateType, identity };
}

/**
 * No log or CA in the root covers the entry. A certificate that chains to none of our CAs is a
 * failure (a staging or self-made certificate); one that does chain means our root is older than the
 * log that holds the entry: we cannot tell, and say so (never red).
 */
async function outsideTrustRoot(cert: X509Certificate, trust: LoadedTrustRoot, missing: string): Promise<Outcome> {
  const verifier = new SigstoreVerifier();
  const cas = verifier.loadCA(new Date(), allCertificateAuthorities(trust.root).certificateAuthorities);
  try {
    await verifier.verifyCertificateChain(cert.notBefore, cert, cas);
  } catch {
    return fail('invalid', 'certificate-chain');
  }
  const what = missing === 'tlog' ? 'transparency log' : 'certificate authority';
  return fail(
    'cannot-verify',
    'trust-root-outdated',
    `The extension's Sigstore trust data has no ${what} for this attestation's time: update the extension.`,
  );
}

/** sigstore-browser compares the logged certificate only when the body names one: require it. */
async function loggedCertificateProblem(attestation: ParsedAttestation): Promise<string | null> {
  const body = decodeBase64(attestation.entry.canonicalizedBody);
  const text = body ? decodeUtf8(body) : null;
  try {
    const parsed = JSON.parse(text ?? 'null') as { kind?: unknown; spec?: { signatures?: { verifier?: unknown }[] } };
    const verifier = parsed?.spec?.signatures?.[0]?.verifier;
    if (parsed?.kind === 'dsse' && typeof verifier === 'string' && verifier.length > 0) return null;
  } catch {
    // fall through: an unreadable body is a mismatch
  }
  return 'The transparency log entry does not name the signing certificate.';
}

type StatementResult = { predicateType: string } | { problem: Outcome };

/** The in-toto statement names exactly this file (parsed filename, sha256) — after its signature verified. */
async function checkStatement(statementB64: string, dist: Distribution): Promise<StatementResult> {
  const problem = (reason: VerificationReason, detail: string): StatementResult => ({ problem: fail('invalid', reason, detail) });
  const bytes = decodeBase64(statementB64);
  const text = bytes ? decodeUtf8(bytes) : null;
  type Statement = { _type?: unknown; subject?: unknown; predicateType?: unknown };
  let statement: Statement | null;
  try {
    statement = JSON.parse(text ?? 'null') as Statement | null;
  } catch {
    statement = null;
  }
  if (
    !statement ||
    typeof statement !== 'object' ||
    statement._type !== IN_TOTO_STATEMENT_V1 ||
    typeof statement.predicateType !== 'string'
  ) {
    return problem('statement', 'The attested statement is not an in-toto v1 statement.');
  }
  const subjects = Array.isArray(statement.subject) ? (statement.subject as { name?: unknown; digest?: { sha256?: unknown } }[]) : [];
  if (subjects.length !== 1) return problem('subject-count', `The statement names ${subjects.length} files; PEP 740 requires exactly one.`);
  const [subject] = subjects as [{ name?: unknown; digest?: { sha256?: unknown } }];
  if (typeof subject.name !== 'string' || subject.name.length === 0 || !sameDistribution(subject.name, dist.filename)) {
    return problem(
      'subject-name',
      `The statement attests ${typeof subject.name === 'string' ? subject.name.slice(0, 200) : 'an unnamed file'}, not ${dist.filename}.`,
    );
  }
  const digest = subject.digest?.sha256;
  if (typeof digest !== 'string' || digest.toLowerCase() !== dist.sha256.toLowerCase()) {
    return problem('subject-digest', 'The attested sha256 differs from the file PyPI serves.');
  }
  return { predicateType: statement.predicateType };
}
