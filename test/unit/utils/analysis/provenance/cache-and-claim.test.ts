// Verification results are cached by every input they depend on; the claimed-repository check turns
// a verified file from another repository into 'claim-mismatch'; only verified repositories count as
// attestation evidence for the repository link.
import { describe, expect, it } from 'vitest';
import { verificationCacheKey, verifyFileCached } from '../../../../../utils/background/build/provenance-cache';
import { applyClaimedRepository, verifiedRepositories } from '../../../../../utils/analysis/provenance/claim';
import { embeddedTrustRoot, loadTrustRoot } from '../../../../../utils/analysis/provenance/trust-root';
import type { ProvenanceFacts, RepositoryFacts, Section } from '../../../../../utils/contract/report';
import { MemoryCache } from '../../../../../utils/sources/http';
import { readRecorded, readRecordedText } from '../../../../support/fixtures';
import { PYPI_ATTESTATIONS_SDIST } from '../../sources/recorded-responses';

const BODY = readRecorded('provenance/pypi_attestations-0.0.19.tar.gz.provenance');
const INPUT = { filename: PYPI_ATTESTATIONS_SDIST.filename, sha256: PYPI_ATTESTATIONS_SDIST.sha256, body: BODY };
const now = () => Date.parse('2026-11-25T12:00:00Z');

describe('verifyFileCached', () => {
  it('verifies once, then answers from the cache for the same inputs', async () => {
    const cache = new MemoryCache();
    const first = await verifyFileCached(INPUT, cache, now);
    expect(first.state).toBe('verified');
    expect(await cache.size()).toBe(1);
    expect(await verifyFileCached(INPUT, cache, now)).toBe(first); // the stored object itself: no re-verification
  });

  it('keys on file name, sha256, body, trust root and verifier version', async () => {
    const { sha256 } = await embeddedTrustRoot();
    const key = await verificationCacheKey(INPUT, sha256);
    expect(key).toMatch(/^provenance-verification:[0-9a-f]{64}$/);
    const others = await Promise.all([
      verificationCacheKey({ ...INPUT, filename: 'pypi_attestations-0.0.19-py3-none-any.whl' }, sha256),
      verificationCacheKey({ ...INPUT, sha256: '0'.repeat(64) }, sha256),
      verificationCacheKey(
        { ...INPUT, body: readRecorded('provenance/derived-negative/pypi_attestations-0.0.19.tar.gz.bad-signature.provenance') },
        sha256,
      ),
      verificationCacheKey(INPUT, (await loadTrustRoot(readRecordedText('provenance/trusted_root.staging.json'))).sha256),
    ]);
    expect(new Set([key, ...others]).size).toBe(5);
  });

  it('a changed file hash is verified again (and fails)', async () => {
    const cache = new MemoryCache();
    await verifyFileCached(INPUT, cache, now);
    const changed = await verifyFileCached({ ...INPUT, sha256: '0'.repeat(64) }, cache, now);
    expect([changed.state, changed.reason]).toEqual(['invalid', 'subject-digest']);
    expect(await cache.size()).toBe(2);
  });
});

const verifiedFacts = async (): Promise<Section<ProvenanceFacts>> => {
  const verification = await verifyFileCached(INPUT, null, now);
  const file = {
    filename: INPUT.filename,
    sha256: INPUT.sha256,
    provenanceUrl: PYPI_ATTESTATIONS_SDIST.provenanceUrl,
    state: 'attested' as const,
    publishers: [],
    attestationCount: 1,
    subjects: [],
    digestMatch: true,
    error: null,
    verification,
  };
  return {
    state: 'ok',
    data: {
      version: '0.0.19',
      projectStatus: { status: 'active', reason: null },
      files: [file],
      previous: [],
      simpleUrl: 'https://pypi.org/simple/pypi-attestations/',
    },
    fetchedAt: '2026-11-25T12:00:00Z',
    fromCache: false,
  };
};

function linking(owner: string, name: string, github?: { fullName: string; renamedFrom: string | null }): Section<RepositoryFacts> {
  const link = { host: 'github' as const, url: `https://github.com/${owner}/${name}`, owner, name, subPath: null, label: 'Source' };
  const githubSection = github
    ? ({ state: 'ok', data: github, fetchedAt: '', fromCache: false } as unknown as RepositoryFacts['github'])
    : null;
  return {
    state: 'ok',
    data: {
      link,
      candidates: [link],
      verification: { status: 'claimed', evidence: [] },
      github: githubSection,
      depsDevProject: null,
      depsDevVersion: null,
    } as RepositoryFacts,
    fetchedAt: '',
    fromCache: false,
  };
}

describe('applyClaimedRepository', () => {
  it('keeps "verified" when the project links the verified repository (any case)', async () => {
    const facts = applyClaimedRepository(await verifiedFacts(), linking('trailofbits', 'PyPI-Attestations'));
    expect(facts.state === 'ok' && facts.data.files[0]!.verification.state).toBe('verified');
  });

  it('is "claim-mismatch" when the project links another repository, naming it', async () => {
    const facts = applyClaimedRepository(await verifiedFacts(), linking('pypi', 'pypi-attestations'));
    expect(facts.state === 'ok' && facts.data.files[0]!.verification).toMatchObject({
      state: 'claim-mismatch',
      claimedRepository: 'github.com/pypi/pypi-attestations',
    });
  });

  it('a rename GitHub reports (renamedFrom) is the same repository', async () => {
    const facts = applyClaimedRepository(
      await verifiedFacts(),
      linking('pypi', 'pypi-attestations', { fullName: 'pypi/pypi-attestations', renamedFrom: 'trailofbits/pypi-attestations' }),
    );
    expect(facts.state === 'ok' && facts.data.files[0]!.verification.state).toBe('verified');
  });

  it('counts only verified certificates as attestation evidence for the repository link', async () => {
    const verified = await verifiedFacts();
    expect(verifiedRepositories(verified)).toEqual(['trailofbits/pypi-attestations']);
    if (verified.state !== 'ok') throw new Error('unreachable');
    const failed = {
      ...verified,
      data: {
        ...verified.data,
        files: verified.data.files.map((f) => ({ ...f, verification: { ...f.verification, state: 'invalid' as const } })),
      },
    };
    expect(verifiedRepositories(failed)).toEqual([]);
  });
});
