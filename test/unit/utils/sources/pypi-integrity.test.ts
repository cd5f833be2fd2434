import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchProvenance } from '../../../../utils/background/build/tasks/provenance';
import { MAX_FILES_CHECKED, decodeStatement, normaliseProvenance } from '../../../../utils/sources/pypi-integrity';
import { type SimpleFile, type SimpleIndex, normaliseSimpleIndex } from '../../../../utils/sources/pypi-simple';
import { readRecorded, readRecordedText } from '../../../support/fixtures';
import { FIXED_NOW, PYPI_ATTESTATIONS_SDIST, offlineAnswer, recordedResponse, recordingHttp, urlsIn } from './recorded-responses';

const INTEGRITY = 'pypi.org/integrity/pypi-attestations-0.0.19-sdist.provenance.json';
const PA_SDIST = PYPI_ATTESTATIONS_SDIST;
const fileNamed = (filename: string, sha256: string): SimpleFile => ({ ...PA_SDIST, filename, sha256 });

type ProvenanceJson = {
  attestation_bundles: { publisher: Record<string, unknown>; attestations: { envelope: { statement: string } }[] }[];
};
const recorded = (path: string) => readRecorded(path) as ProvenanceJson;

describe('normaliseProvenance on recorded provenance objects', () => {
  it('reads the pypi-attestations 0.0.19 sdist: GitHub publisher, one attestation, digest matches', () => {
    expect(normaliseProvenance(recorded(INTEGRITY), PA_SDIST)).toEqual({
      filename: 'pypi_attestations-0.0.19.tar.gz',
      sha256: PA_SDIST.sha256,
      provenanceUrl: PA_SDIST.provenanceUrl,
      state: 'attested',
      publishers: [
        {
          kind: 'GitHub',
          repository: 'trailofbits/pypi-attestations',
          workflow: 'release.yml',
          environment: null,
          email: null,
          url: 'https://github.com/trailofbits/pypi-attestations/blob/HEAD/.github/workflows/release.yml',
        },
      ],
      attestationCount: 1,
      subjects: [{ name: 'pypi_attestations-0.0.19.tar.gz', sha256: PA_SDIST.sha256 }],
      digestMatch: true,
      error: null,
      // normaliseProvenance only reads; fetchProvenance verifies.
      verification: expect.objectContaining({ state: 'cannot-verify', reason: 'not-checked' }),
    });
    expect(readRecordedText('provenance/pypi_attestations-0.0.19.tar.gz.provenance')).toBe(readRecordedText(INTEGRITY));
  });

  it('reads a GitLab publisher (pep740-sampleproject) and an empty environment (sampleproject 4.0.0)', () => {
    const gitlab = normaliseProvenance(
      recorded('provenance/pep740-sampleproject-1.0.0.tar.gz.provenance'),
      fileNamed('pep740_sampleproject-1.0.0.tar.gz', '6cdd4a1a0a49aeef47265e7bf8ec1667257b397d34d731dc7b7af349deca1cd8'),
    );
    expect(gitlab).toMatchObject({ state: 'attested', digestMatch: true });
    expect(gitlab.publishers).toEqual([
      {
        kind: 'GitLab',
        repository: 'pep740-example/sampleproject',
        workflow: '.gitlab-ci.yml',
        environment: null,
        email: null,
        url: 'https://gitlab.com/pep740-example/sampleproject',
      },
    ]);
    const sample = normaliseProvenance(
      recorded('provenance/sampleproject-4.0.0.tar.gz.provenance'),
      fileNamed('sampleproject-4.0.0.tar.gz', '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b'),
    );
    expect(sample.publishers[0]).toMatchObject({ repository: 'pypa/sampleproject', environment: null });
    expect(sample.digestMatch).toBe(true);
  });

  it('reports a digest mismatch: another file, and a statement naming a zero digest (derived negative)', () => {
    const otherFile = normaliseProvenance(
      recorded(INTEGRITY),
      fileNamed('requests-2.34.2.tar.gz', 'f288924cae4e29463698d6d60bc6a4da69c89185ad1e0bcc4104f584e960b9ed'),
    );
    expect(otherFile).toMatchObject({ state: 'attested', digestMatch: false });
    const zeroed = normaliseProvenance(
      recorded('provenance/derived-negative/pypi_attestations-0.0.19.tar.gz.bad-statement.provenance'),
      PA_SDIST,
    );
    expect(zeroed).toMatchObject({ state: 'attested', digestMatch: false, subjects: [{ sha256: '0'.repeat(64) }] });
  });

  it('reports the publisher PyPI names, so a mismatched repository cannot verify the link', () => {
    const mismatch = normaliseProvenance(
      recorded('provenance/derived-negative/pypi_attestations-0.0.19.tar.gz.publisher-mismatch.provenance'),
      PA_SDIST,
    );
    expect(mismatch.publishers[0]!.repository).toBe('evil-org/pypi-attestations');
  });

  it('turns an unreadable statement or a wrong shape into an error state, never an exception', () => {
    const broken = recorded(INTEGRITY);
    broken.attestation_bundles[0]!.attestations[0]!.envelope.statement = '!!! not base64 <script>';
    expect(normaliseProvenance(broken, PA_SDIST)).toMatchObject({
      state: 'error',
      error: { kind: 'malformed' },
      digestMatch: null,
      attestationCount: 1,
    });
    expect(decodeStatement(btoa('not json'))).toBeNull();
    expect(decodeStatement(btoa('\xff\xfe'))).toBeNull(); // not UTF-8
    expect(normaliseProvenance(readRecorded('api.osv.dev/vulns/MAL-2026-15859.ossf-malicious-packages.json'), PA_SDIST)).toMatchObject({
      state: 'error',
      error: { kind: 'malformed' },
    });
  });

  it('never builds a publisher link from a hostile repository or workflow', () => {
    const hostile = recorded(INTEGRITY);
    hostile.attestation_bundles[0]!.publisher = { kind: 'GitHub', repository: 'javascript:alert(1)//x', workflow: '../../evil.yml' };
    expect(normaliseProvenance(hostile, PA_SDIST).publishers[0]!.url).toBeNull();
    hostile.attestation_bundles[0]!.publisher = { kind: 'GitHub', repository: 'a/b', workflow: '<img src=x>' };
    expect(normaliseProvenance(hostile, PA_SDIST).publishers[0]!.url).toBe('https://github.com/a/b');
  });

  it('returns a FileProvenance with only https URLs for any JSON (property)', () => {
    const statement = fc.oneof(
      fc.string(),
      fc.jsonValue().map((value) => btoa(JSON.stringify(value) ?? '')),
    );
    const shaped = fc.record({
      attestation_bundles: fc.array(
        fc.record({
          publisher: fc.record({
            kind: fc.constantFrom('GitHub', 'GitLab', 'Google', 'x'),
            repository: fc.string(),
            workflow: fc.string(),
          }),
          attestations: fc.array(fc.record({ envelope: fc.record({ statement }) }), { maxLength: 3 }),
        }),
        { maxLength: 3 },
      ),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (raw) => {
        const result = normaliseProvenance(raw, PA_SDIST);
        expect(['attested', 'none', 'error']).toContain(result.state);
        for (const url of urlsIn(result)) expect(url).toMatch(/^https:\/\//);
      }),
    );
  });
});

function recordedIndex(name: string): { state: 'ok'; data: SimpleIndex; fetchedAt: string; fromCache: boolean } {
  const result = normaliseSimpleIndex(readRecorded(`pypi.org/simple/${name}.json`), name);
  if (!result.ok) throw new Error('index did not parse');
  return { state: 'ok', data: result.data, fetchedAt: '2026-11-25T11:00:00.000Z', fromCache: false };
}

describe('fetchProvenance', () => {
  it('asks the Integrity API for each file of the version, with its Accept header', async () => {
    const index = {
      state: 'ok' as const,
      fetchedAt: '2026-11-25T11:00:00.000Z',
      fromCache: false,
      data: { ...recordedIndex('requests').data, name: 'pypi-attestations', files: [PA_SDIST], versions: ['0.0.19'] },
    };
    const { http, calls } = recordingHttp(() => recordedResponse(INTEGRITY));
    const section = await fetchProvenance(http, 'pypi-attestations', '0.0.19', index);
    expect(calls.map((c) => [c.url, c.headers.get('accept')])).toEqual([
      [PA_SDIST.provenanceUrl, 'application/vnd.pypi.integrity.v1+json'],
    ]);
    expect(section.state === 'ok' && section.data.files[0]).toMatchObject({
      state: 'attested',
      digestMatch: true,
      verification: {
        state: 'verified',
        identity: { repository: 'trailofbits/pypi-attestations', workflow: '.github/workflows/release.yml' },
      },
    });
    expect(section.state === 'ok' && section.fetchedAt).toBe(new Date(FIXED_NOW).toISOString());
  });

  it('reads requests 2.34.2: an advertised provenance that 404s is "could not check"; one naming another file is a digest mismatch', async () => {
    const { http, calls } = recordingHttp((call) =>
      call.url.endsWith('.whl/provenance')
        ? recordedResponse('pypi.org/json/errors/404-FizzBuzz-json.html', 'pypi.org/json/errors/404-FizzBuzz-json.meta.json')
        : recordedResponse(INTEGRITY),
    );
    const section = await fetchProvenance(http, 'requests', '2.34.2', recordedIndex('requests'));
    if (section.state !== 'ok') throw new Error(JSON.stringify(section));
    // Two files of 2.34.2, plus one file of each of the two releases before (provenance continuity).
    expect(calls.map((c) => c.url.split('/')[5]).sort()).toEqual(['2.34.0', '2.34.1', '2.34.2', '2.34.2']);
    expect(section.data.files.map((f) => [f.filename, f.state, f.digestMatch, f.verification.state, f.verification.reason])).toEqual([
      ['requests-2.34.2-py3-none-any.whl', 'error', null, 'cannot-verify', 'unavailable'],
      ['requests-2.34.2.tar.gz', 'attested', false, 'invalid', 'subject-name'],
    ]);
    expect(section.data).toMatchObject({
      version: '2.34.2',
      projectStatus: { status: 'active' },
      simpleUrl: 'https://pypi.org/simple/requests/',
      uncheckedFileCount: 0,
    });
    expect(section.data.previous[0]).toMatchObject({ version: '2.34.1', attested: true, fileCount: 2 });
    expect(section.data.previous[0]!.verified).toMatchObject({ filename: 'requests-2.34.1.tar.gz', state: 'invalid' });
    // Only the two releases before are verified (PREVIOUS_VERIFIED); the older ones keep presence only.
    expect(section.data.previous.map((r) => r.verified !== undefined)).toEqual([
      true,
      true,
      ...section.data.previous.slice(2).map(() => false),
    ]);
  });

  it('asks nothing for files without provenance (django) and caps the files checked', async () => {
    const django = recordedIndex('django');
    const { http, calls } = recordingHttp(() => recordedResponse(INTEGRITY));
    const section = await fetchProvenance(http, 'django', '5.0', django);
    expect(calls).toHaveLength(0);
    expect(section.state === 'ok' && section.data.files.every((f) => f.state === 'none')).toBe(true);
    expect(section.state === 'ok' && section.fetchedAt).toBe(django.fetchedAt);

    const many = Array.from({ length: MAX_FILES_CHECKED + 5 }, (_, i) => ({
      ...PA_SDIST,
      filename: `pypi_attestations-0.0.19-cp3${i}-none-any.whl`,
      provenanceUrl: null,
    }));
    const capped = await fetchProvenance(http, 'pypi-attestations', '0.0.19', {
      ...django,
      data: { ...django.data, name: 'pypi-attestations', files: many },
    });
    expect(capped.state === 'ok' && [capped.data.files.length, capped.data.uncheckedFileCount]).toEqual([MAX_FILES_CHECKED, 5]);
  });

  it('fails the section only when every provenance request failed; refuses URLs off pypi.org/integrity', async () => {
    const { http } = recordingHttp(offlineAnswer);
    const offline = await fetchProvenance(http, 'requests', '2.34.2', recordedIndex('requests'));
    expect(offline.state === 'error' && offline.error.kind).toBe('offline');

    const index = recordedIndex('requests');
    const hostile = {
      ...index,
      data: { ...index.data, name: 'pypi-attestations', files: [{ ...PA_SDIST, provenanceUrl: 'https://evil.example/integrity/x' }] },
    };
    const guarded = recordingHttp(() => recordedResponse(INTEGRITY));
    const section = await fetchProvenance(guarded.http, 'pypi-attestations', '0.0.19', hostile);
    expect(guarded.calls).toHaveLength(0);
    expect(section.state === 'error' && section.error.kind).toBe('malformed');
  });
});
