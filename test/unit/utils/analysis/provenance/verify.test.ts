// Every case of ../shared/fixtures/provenance/expected.json (22) through the project's verifier in
// Node 20 (WebCrypto): outcome, failing stage, predicate type, and the identity read from the certificate.
import { describe, expect, it } from 'vitest';
import { runVerificationCase } from '../../../../../utils/analysis/provenance/self-test';
import { EXPECTED_STATE, caseInput, caseName, expectedCases } from '../../../../support/provenance-cases';

const cases = expectedCases();

describe('expected.json', () => {
  it('holds the 22 cases the design lists', () => {
    expect(cases).toHaveLength(22);
    expect(cases.filter((c) => c.expected === 'verified')).toHaveLength(10);
  });

  it.each(cases.map((c, i) => [caseName(c, i), c] as const))('%s', async (_name, c) => {
    const outcome = await runVerificationCase(caseInput(c));
    expect(outcome.state).toBe(EXPECTED_STATE[c.expected]);
    if (c.fail_stage) expect(outcome.reason).toBe(c.fail_stage);
    if (c.expected === 'verified') {
      expect(outcome.reason).toBeNull();
      expect(outcome.predicateTypes).toEqual([c.predicate_type]);
      expect(outcome.logUrl).toBe(`https://search.sigstore.dev/?logIndex=${outcome.logIndex}`);
    }
    const publisher = c.publisher === 'from-file' ? null : c.publisher;
    if (c.expected !== 'failed' && publisher?.kind === 'GitHub') {
      // The certificate's repository is the one asked for; for a mismatch only the workflow differs.
      expect(outcome.identity).toMatchObject({
        forge: 'github',
        repository: publisher.repository,
        issuer: 'https://token.actions.githubusercontent.com',
      });
      expect(outcome.identity?.workflow).toBe(
        c.expected === 'verified' ? `.github/workflows/${publisher.workflow}` : '.github/workflows/release.yml',
      );
    }
    if (c.expected !== 'failed' && publisher?.kind === 'GitLab') {
      expect(outcome.identity).toMatchObject({
        forge: 'gitlab',
        repository: publisher.repository,
        workflow: '.gitlab-ci.yml',
        issuer: 'https://gitlab.com',
      });
    }
    if (c.expected === 'verified' && publisher?.kind === 'Google') {
      expect(outcome.identity).toMatchObject({
        forge: null,
        repository: null,
        subject: publisher.email,
        issuer: 'https://accounts.google.com',
      });
    }
    if (c.expected === 'verified' && c.identity)
      expect(outcome.identity).toMatchObject({ subject: c.identity.san, issuer: c.identity.issuer });
    // Nothing from a failed attestation is ever presented as its signer.
    if (c.expected === 'failed') expect([outcome.identity, outcome.logUrl]).toEqual([null, null]);
  });
});
