// The trust rules on verified provenance: recorded vectors through the real verifier, then the rules
// (provenance-verification, provenance-continuity, and provenance's wording once signatures verify).
import { describe, expect, it } from 'vitest';
import { verifyFileCached } from '../../../../../utils/background/build/provenance-cache';
import { runVerificationCase } from '../../../../../utils/analysis/provenance/self-test';
import { loadTrustRoot } from '../../../../../utils/analysis/provenance/trust-root';
import type { CertificateIdentity, FileProvenance, ProvenanceFacts, RepositoryFacts } from '../../../../../utils/contract/report';
import { provenance } from '../../../../../utils/trust/rules/provenance';
import { provenanceContinuity } from '../../../../../utils/trust/rules/provenance-continuity';
import { provenanceVerification } from '../../../../../utils/trust/rules/provenance-verification';
import { readRecorded, readRecordedText } from '../../../../support/fixtures';
import {
  PYPI_ATTESTATIONS_SDIST,
  fileProvenanceOf,
  inputFor,
  ok,
  provenanceFactsOf,
  provenanceFromSimple,
  releasesOf,
  repositoryOfRelease,
} from '../facts';

const ctx = { now: '2026-11-25T00:00:00Z' };
const RECORDED = 'provenance/pypi_attestations-0.0.19.tar.gz.provenance';
const NEGATIVE = (name: string) => `provenance/derived-negative/pypi_attestations-0.0.19.tar.gz.${name}.provenance`;
const PROVENANCE_URL = 'https://pypi.org/integrity/pypi-attestations/0.0.19/pypi_attestations-0.0.19.tar.gz/provenance';

/** The recorded body read and verified, as fetchProvenance does it. */
async function verified(bodyFile: string, trustRootJson?: string): Promise<FileProvenance> {
  const file = fileProvenanceOf(bodyFile, 'pypi-attestations', '0.0.19', PYPI_ATTESTATIONS_SDIST);
  const trust = trustRootJson ? await loadTrustRoot(trustRootJson) : undefined;
  const verification = await verifyFileCached(
    { filename: file.filename, sha256: file.sha256, body: readRecorded(bodyFile) },
    null,
    () => 0,
    trust,
  );
  return { ...file, verification };
}

function run(facts: ProvenanceFacts, repository?: RepositoryFacts) {
  const input = inputFor('pypi-attestations', facts.version, facts.version, {
    provenance: ok(facts),
    ...(repository ? { repository: ok(repository) } : {}),
  });
  return [...provenance.evaluate(input, ctx), ...provenanceVerification.evaluate(input, ctx), ...provenanceContinuity.evaluate(input, ctx)];
}
const levelsAndTitles = (findings: ReturnType<typeof run>) => findings.map((f) => [f.rule, f.level, f.title]);
const linking = (url: string) =>
  repositoryOfRelease({ ...releasesOf('luigi.json'), projectLinks: [{ label: 'Source', url }], homePage: null });

describe('provenance-verification', () => {
  it('a verified attestation: only the provenance rule speaks, good, naming the signer from the certificate', async () => {
    const findings = run(
      provenanceFactsOf('pypi-attestations', '0.0.19', [await verified(RECORDED)]),
      linking('https://github.com/trailofbits/pypi-attestations'),
    );
    expect(levelsAndTitles(findings)).toEqual([['provenance', 'good', 'The only file of 0.0.19 has provenance']]);
    expect(findings[0]!.detail).toBe(
      'Every file is attested and verified offline against Sigstore, published via Trusted Publishing by github.com/trailofbits/pypi-attestations workflow .github/workflows/release.yml.',
    );
  });

  it.each([
    [
      'bad-signature',
      'Attestation of pypi_attestations-0.0.19.tar.gz does not verify',
      'The signature over the attested statement does not verify.',
    ],
    [
      'bad-inclusion-proof',
      'Attestation of pypi_attestations-0.0.19.tar.gz does not verify',
      'The Merkle inclusion proof does not lead to the logged tree.',
    ],
    [
      'swapped-cert',
      'Attestation of pypi_attestations-0.0.19.tar.gz does not verify',
      'The transparency log entry is for a different signature or certificate.',
    ],
    [
      'workflow-mismatch',
      'Attestation of pypi_attestations-0.0.19.tar.gz was signed by github.com/trailofbits/pypi-attestations, not the publisher PyPI lists',
      'not by other.yml',
    ],
  ])('derived %s → danger, and no "good" coverage', async (vector, title, detail) => {
    const findings = run(provenanceFactsOf('pypi-attestations', '0.0.19', [await verified(NEGATIVE(vector))]));
    expect(levelsAndTitles(findings)).toEqual([['provenance-verification', 'danger', title]]);
    expect(findings[0]!.detail).toContain(detail);
    expect(findings[0]!.evidence.map((e) => e.url)).toContain(PROVENANCE_URL);
  });

  it('derived publisher-mismatch: danger for the signer, and PyPI’s unsigned repository is not compared with the link', async () => {
    const findings = run(
      provenanceFactsOf('pypi-attestations', '0.0.19', [await verified(NEGATIVE('publisher-mismatch'))]),
      linking('https://github.com/trailofbits/pypi-attestations'),
    );
    expect(findings.map((f) => [f.rule, f.level])).toEqual([['provenance-verification', 'danger']]);
    expect(findings[0]!.detail).toContain('not https://github.com/evil-org/pypi-attestations');
  });

  it('a trust root without the entry’s log → info "could not be verified", never danger', async () => {
    const root = JSON.parse(readRecordedText('provenance/trusted_root.production.json')) as { tlogs: unknown[] };
    root.tlogs = root.tlogs.slice(1);
    const findings = run(provenanceFactsOf('pypi-attestations', '0.0.19', [await verified(RECORDED, JSON.stringify(root))]));
    expect(levelsAndTitles(findings)).toEqual(
      [
        ['provenance-verification', 'info', 'Attestation of pypi_attestations-0.0.19.tar.gz could not be verified'],
        ['provenance', 'good', 'The only file of 0.0.19 has provenance'],
      ].sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
    );
    expect(findings.find((f) => f.rule === 'provenance')!.detail).toContain('signature not yet verified');
    expect(findings.find((f) => f.rule === 'provenance-verification')!.detail).toContain('update the extension');
  });

  it('the verified repository differs from the project’s link → the provenance rule’s caution, from the certificate', async () => {
    const findings = run(
      provenanceFactsOf('pypi-attestations', '0.0.19', [await verified(RECORDED)]),
      linking('https://github.com/someone/else'),
    );
    expect(levelsAndTitles(findings)[0]).toEqual([
      'provenance',
      'caution',
      'Attested repository trailofbits/pypi-attestations differs from the linked someone/else',
    ]);
  });
});

/** The signer of another recorded attestation (pypi-attestation-models, same org, other repository). */
async function identityOf(file: string, filename: string, sha256: string, repository: string): Promise<CertificateIdentity> {
  const outcome = await runVerificationCase({
    shape: 'attestation',
    body: readRecorded(`provenance/${file}`),
    dist: { filename, sha256 },
    policy: { kind: 'GitHub', repository, workflow: 'release.yml' },
  });
  if (outcome.state !== 'verified' || !outcome.identity) throw new Error('vector did not verify');
  return outcome.identity;
}

describe('provenance-continuity', () => {
  const previousRelease = (identity: CertificateIdentity) => ({
    version: '0.0.18',
    attested: true,
    fileCount: 1,
    verified: {
      filename: 'pypi_attestations-0.0.18.tar.gz',
      provenanceUrl: 'https://pypi.org/integrity/pypi-attestations/0.0.18/pypi_attestations-0.0.18.tar.gz/provenance',
      state: 'verified' as const,
      identity,
    },
  });

  it('same verified repository and workflow as the release before → nothing', async () => {
    const current = await verified(RECORDED);
    const facts = {
      ...provenanceFactsOf('pypi-attestations', '0.0.19', [current]),
      previous: [previousRelease(current.verification.identity!)],
    };
    expect(provenanceContinuity.evaluate(inputFor('pypi-attestations', '0.0.19', '0.0.19', { provenance: ok(facts) }), ctx)).toEqual([]);
  });

  it('another verified repository than the release before → caution naming old and new, with evidence', async () => {
    const other = await identityOf(
      'pypi_attestation_models-0.0.4a2.tar.gz.attestation',
      'pypi_attestation_models-0.0.4a2.tar.gz',
      'c9709ce6fd5b67b59b4a28758cf14d3f411803c4b89b6068b1f1a8e4ee94c8ef',
      'trailofbits/pypi-attestation-models',
    );
    const facts = { ...provenanceFactsOf('pypi-attestations', '0.0.19', [await verified(RECORDED)]), previous: [previousRelease(other)] };
    const [change] = provenanceContinuity.evaluate(inputFor('pypi-attestations', '0.0.19', '0.0.19', { provenance: ok(facts) }), ctx);
    expect(change).toMatchObject({
      level: 'caution',
      title:
        'Publisher changed since 0.0.18: github.com/trailofbits/pypi-attestation-models/.github/workflows/release.yml → github.com/trailofbits/pypi-attestations/.github/workflows/release.yml',
    });
    expect(change!.evidence.map((e) => e.url)).toEqual([
      PROVENANCE_URL,
      'https://pypi.org/integrity/pypi-attestations/0.0.18/pypi_attestations-0.0.18.tar.gz/provenance',
      'https://pypi.org/project/pypi-attestations/0.0.18/',
      'https://pypi.org/project/pypi-attestations/',
    ]);
  });

  it('attested and verified before, not attested now → the provenance rule’s caution names the previous signer', async () => {
    const django = provenanceFromSimple('django', '6.0.8');
    const signer = (await verified(RECORDED)).verification.identity!;
    const facts = { ...django, previous: [{ ...previousRelease(signer), version: '6.0.7' }, ...django.previous.slice(1)] };
    const findings = provenance.evaluate(inputFor('django', '6.0.8', '6.0.8', { provenance: ok(facts) }), ctx);
    expect(findings.map((f) => [f.level, f.title])).toEqual([['caution', '6.0.8 has no provenance, but 6.0.7 had']]);
    expect(findings[0]!.detail).toBe(
      'Previous releases were published by github.com/trailofbits/pypi-attestations (workflow .github/workflows/release.yml) through Trusted Publishing (verified); 6.0.8 was not. Check who uploaded it and how.',
    );
    expect(findings[0]!.evidence.map((e) => e.url)).toContain(
      'https://pypi.org/integrity/pypi-attestations/0.0.18/pypi_attestations-0.0.18.tar.gz/provenance',
    );
  });
});
