// The signer from the certificate and the Trusted Publisher policies (pypi-attestations semantics),
// on recorded certificates; the filename comparison of PEP 740 subjects.
import { X509Certificate } from '@freedomofpress/sigstore-browser';
import { describe, expect, it } from 'vitest';
import { parseDistributionFilename, sameDistribution } from '../../../../../utils/analysis/provenance/distribution';
import {
  certificateIdentity,
  leafKeyUsageProblem,
  policyForPublisher,
  policyProblem,
} from '../../../../../utils/analysis/provenance/identity';
import { readRecorded, readRecordedText } from '../../../../support/fixtures';

/** The SWIFTSIM certificate: Build Config URI ends in @<sha> and there is no Source Repository Ref. */
const swiftsim = certificateIdentity(
  X509Certificate.parse(
    readRecordedText('provenance/no-source-repository-ref-extension.pem').match(
      /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/,
    )![0],
  ),
);
const certOf = (file: string) => {
  const body = readRecorded(`provenance/${file}`) as {
    verification_material?: { certificate: string };
    attestation_bundles?: { attestations: { verification_material: { certificate: string } }[] }[];
  };
  const b64 = body.verification_material?.certificate ?? body.attestation_bundles![0]!.attestations[0]!.verification_material.certificate;
  return X509Certificate.parse(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));
};

describe('certificateIdentity', () => {
  it('reads sampleproject 4.0.0’s signer from its Fulcio extensions', () => {
    expect(certificateIdentity(certOf('sampleproject-4.0.0.tar.gz.provenance'))).toEqual({
      issuer: 'https://token.actions.githubusercontent.com',
      subject: 'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
      forge: 'github',
      repository: 'pypa/sampleproject',
      repositoryUrl: 'https://github.com/pypa/sampleproject',
      workflow: '.github/workflows/release.yml',
      buildConfigUri: 'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
      buildSignerUri: 'https://github.com/pypa/sampleproject/.github/workflows/release.yml@refs/heads/main',
      ref: 'refs/heads/main',
      commit: expect.stringMatching(/^[0-9a-f]{40}$/),
      trigger: 'push',
      runUrl: expect.stringMatching(/^https:\/\/github\.com\/pypa\/sampleproject\/actions\/runs\/\d+\/attempts\/\d+$/),
      runner: 'github-hosted',
      visibility: 'public',
    });
  });

  it('reads GitLab’s "//" workflow path and a Google service account', () => {
    expect(certificateIdentity(certOf('gitlab_oidc_project-0.0.3.tar.gz.publish.attestation'))).toMatchObject({
      forge: 'gitlab',
      repository: 'facutuesca/gitlab-oidc-project',
      workflow: '.gitlab-ci.yml',
      issuer: 'https://gitlab.com',
    });
    expect(certificateIdentity(certOf('sampleproject-3.0.0.tar.gz.publish.attestation'))).toMatchObject({
      forge: null,
      repository: null,
      workflow: null,
      subject: '919436158236-compute@developer.gserviceaccount.com',
      issuer: 'https://accounts.google.com',
    });
  });

  it('checks KeyUsage digitalSignature and EKU codeSigning on real leaves', () => {
    expect(leafKeyUsageProblem(certOf('pypi_attestations-0.0.19.tar.gz.publish.attestation'))).toBeNull();
    expect(leafKeyUsageProblem(certOf('sampleproject-3.0.0.tar.gz.publish.attestation'))).toBeNull();
  });
});

describe('Trusted Publisher policies', () => {
  it('accepts the SWIFTSIM certificate (BCU @<sha>, no Ref extension) for its GitHub publisher', () => {
    expect(swiftsim).toMatchObject({ ref: null, commit: 'a26eb006d04dd0c41a6e38dc15ddaf7b46143505' });
    expect(policyProblem(swiftsim, { kind: 'GitHub', repository: 'SWIFTSIM/swiftgalaxy', workflow: 'python-publish.yml' })).toBeNull();
  });

  it.each([
    [{ kind: 'GitHub', repository: 'SWIFTSIM/swiftgalaxy', workflow: 'release.yml' }, /python-publish\.yml.*not by release\.yml/],
    [
      { kind: 'GitHub', repository: 'swiftsim/swiftgalaxy', workflow: 'python-publish.yml' },
      /not https:\/\/github\.com\/swiftsim\/swiftgalaxy/,
    ],
    [{ kind: 'GitLab', repository: 'SWIFTSIM/swiftgalaxy', workflowFilepath: 'python-publish.yml' }, /not https:\/\/gitlab\.com/],
    [{ kind: 'Google', email: 'a@b.c' }, /not https:\/\/accounts\.google\.com/],
  ] as const)('rejects SWIFTSIM for %j', (policy, problem) => {
    expect(policyProblem(swiftsim, policy)).toMatch(problem);
  });

  it('requires a commit or ref to build the expected Build Config URI', () => {
    expect(
      policyProblem({ ...swiftsim, commit: null }, { kind: 'GitHub', repository: 'SWIFTSIM/swiftgalaxy', workflow: 'python-publish.yml' }),
    ).toMatch(/neither the commit nor the ref/);
  });

  it('maps PyPI’s publisher objects, and knows no other kinds', () => {
    expect(policyForPublisher({ kind: 'GitLab', repository: 'a/b/c', workflow_filepath: '.gitlab-ci.yml' })).toEqual({
      kind: 'GitLab',
      repository: 'a/b/c',
      workflowFilepath: '.gitlab-ci.yml',
    });
    expect(policyForPublisher({ kind: 'Google', email: 'x@y.z' })).toEqual({ kind: 'Google', email: 'x@y.z' });
    expect(policyForPublisher({ kind: 'ActiveState', repository: 'a/b' })).toBeNull();
    expect(policyForPublisher({ kind: 'GitHub', repository: 'a/b', workflow: null })).toBeNull();
  });
});

describe('subject filenames (parsed like packaging)', () => {
  it.each([
    [
      'spt3g-1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
      'spt3g-1.0-cp310-cp310-manylinux2014_x86_64.manylinux_2_17_x86_64.whl',
      true,
    ],
    ['pep740_sampleproject-1.0.0.tar.gz', 'pep740-sampleproject-1.0.0.tar.gz', true],
    ['Foo.Bar-1.0-py3-none-any.whl', 'foo_bar-1.0.0-py3-none-any.whl', true],
    ['foo-1.0-1-py3-none-any.whl', 'foo-1.0-2-py3-none-any.whl', false],
    ['foo-1.0-py3-none-any.whl', 'foo-1.0-py2.py3-none-any.whl', false],
    ['foo-1.0.tar.gz', 'foo-1.0-py3-none-any.whl', false],
    ['pypi_attestations-0.0.19.tar.gz', 'wrong_name-0.0.19.tar.gz', false],
    ['pypi_attestations-0.0.19.tar.gz', 'pypi_attestations-0.0.20.tar.gz', false],
    ['evil.tar.gz', 'evil.tar.gz', false],
  ])('%s vs %s → %s', (subject, file, same) => {
    expect(sameDistribution(subject, file)).toBe(same);
  });

  it('refuses names packaging refuses', () => {
    for (const bad of [
      '',
      'x.whl',
      'foo-1.0-py3-none.whl',
      'foo-notaversion.tar.gz',
      'foo-1.0-x-py3-none-any.whl',
      '../foo-1.0.tar.gz',
      'foo-1.0.exe',
    ]) {
      expect(parseDistributionFilename(bad)).toBeNull();
    }
    expect(parseDistributionFilename('foo-1.0-1-py3-none-any.whl')).toMatchObject({ buildTag: '1', tags: ['py3-none-any'] });
  });
});
