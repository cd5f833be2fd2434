// The 22 PEP 740 verification vectors of ../shared/fixtures/provenance/expected.json as inputs for the
// project's verifier — the same inputs for the Node unit test and the in-browser (service worker) e2e.
import type { SignerPolicy } from '../../utils/analysis/provenance/identity';
import type { VerificationCase } from '../../utils/analysis/provenance/self-test';
import type { FileVerificationState } from '../../utils/contract/report';
import { readRecorded, readRecordedText } from './fixtures';

type Publisher =
  | { kind: 'GitHub'; repository: string; workflow: string }
  | { kind: 'GitLab'; repository: string; workflow_filepath: string }
  | { kind: 'Google'; email: string };

export type ExpectedCase = {
  file: string;
  shape: 'provenance' | 'attestation';
  trust_root: string;
  dist: { filename: string; sha256: string };
  expected: 'verified' | 'failed' | 'publisher-mismatch';
  fail_stage?: string;
  predicate_type?: string;
  publisher?: Publisher | 'from-file';
  identity?: { san: string; issuer: string };
  note?: string;
};

export const PRODUCTION_ROOT = 'provenance/trusted_root.production.json';

export function expectedCases(): ExpectedCase[] {
  return (readRecorded('provenance/expected.json') as { cases: ExpectedCase[] }).cases;
}

function policyOf(c: ExpectedCase): SignerPolicy | undefined {
  if (c.identity) return { kind: 'Identity', subject: c.identity.san, issuer: c.identity.issuer };
  const p = c.publisher;
  if (!p || p === 'from-file') return undefined;
  if (p.kind === 'GitLab') return { kind: 'GitLab', repository: p.repository, workflowFilepath: p.workflow_filepath };
  return p;
}

/**
 * The case as verifier input. Production cases use the root embedded in the extension (a separate
 * test proves it byte-identical to the recorded production root); staging cases pass the staging root.
 */
export function caseInput(c: ExpectedCase): VerificationCase {
  const production = `provenance/${c.trust_root}` === PRODUCTION_ROOT;
  return {
    shape: c.shape,
    body: readRecorded(`provenance/${c.file}`),
    dist: c.dist,
    policy: policyOf(c),
    ...(production ? {} : { trustRootJson: readRecordedText(`provenance/${c.trust_root}`) }),
  };
}

/** expected.json's outcome words in our states. */
export const EXPECTED_STATE: Record<ExpectedCase['expected'], FileVerificationState> = {
  verified: 'verified',
  failed: 'invalid',
  'publisher-mismatch': 'publisher-mismatch',
};

/** A readable test name: "#3 pep740-sampleproject-1.0.0.tar.gz.provenance → verified". */
export const caseName = (c: ExpectedCase, index: number) =>
  `#${index + 1} ${c.file.replace('derived-negative/', '(derived) ')}${c.trust_root.includes('staging') ? ' [staging root]' : ''} → ${c.expected}${c.fail_stage ? ` (${c.fail_stage})` : ''}`;
