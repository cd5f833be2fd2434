// Hostile Integrity bodies (made at test time by editing the recorded pypi-attestations 0.0.19
// provenance): each ends as a clean "cannot verify" or "invalid" — quickly, never thrown, never green —
// in the verifier, through the Integrity fetch path, and through the background's message handler.
import { describe, expect, it } from 'vitest';
import { createBackground } from '../../../../../utils/background/service';
import { verifyProvenanceBody } from '../../../../../utils/analysis/provenance/verify-file';
import { embeddedTrustRoot } from '../../../../../utils/analysis/provenance/trust-root';
import type { KeyValueArea } from '../../../../../utils/sources/http';
import { fetchProvenance } from '../../../../../utils/background/build/tasks/provenance';
import type { Report } from '../../../../../utils/contract/report';
import { readRecorded } from '../../../../support/fixtures';
import { PYPI_ATTESTATIONS_SDIST, jsonResponse, recordingHttp } from '../../sources/recorded-responses';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const RECORDED = 'provenance/pypi_attestations-0.0.19.tar.gz.provenance';
const SDIST = { filename: PYPI_ATTESTATIONS_SDIST.filename, sha256: PYPI_ATTESTATIONS_SDIST.sha256! };
/** A fresh, editable copy of the recorded body. */
const body = (): Json => structuredClone(readRecorded(RECORDED)) as Json;
const attestation = (b: Json): Json => b.attestation_bundles[0].attestations[0];
const entry = (b: Json): Json => attestation(b).verification_material.transparency_entries[0];
const edit = (change: (b: Json) => void) => () => {
  const b = body();
  change(b);
  return b;
};

const HOSTILE: [string, () => unknown, 'invalid' | 'cannot-verify', string][] = [
  [
    'truncated base64 certificate',
    edit((b) => void (attestation(b).verification_material.certificate = attestation(b).verification_material.certificate.slice(0, 501))),
    'invalid',
    'malformed',
  ],
  [
    'truncated base64 statement',
    edit((b) => void (attestation(b).envelope.statement = attestation(b).envelope.statement.slice(0, -3))),
    'invalid',
    'malformed',
  ],
  [
    'base64 with whitespace (atob would accept it)',
    edit((b) => void (attestation(b).envelope.signature = ` ${attestation(b).envelope.signature}`)),
    'invalid',
    'malformed',
  ],
  [
    'a certificate cut on a base64 boundary (broken DER)',
    edit((b) => void (attestation(b).verification_material.certificate = attestation(b).verification_material.certificate.slice(0, 400))),
    'invalid',
    'malformed',
  ],
  [
    '100 attestations',
    edit((b) => void (b.attestation_bundles[0].attestations = Array.from({ length: 100 }, () => attestation(b)))),
    'cannot-verify',
    'too-many-attestations',
  ],
  [
    '100 bundles',
    edit((b) => void (b.attestation_bundles = Array.from({ length: 100 }, () => b.attestation_bundles[0]))),
    'cannot-verify',
    'too-many-attestations',
  ],
  [
    '10,000 inclusion-proof hashes',
    edit((b) => void (entry(b).inclusionProof.hashes = Array.from({ length: 10_000 }, () => entry(b).inclusionProof.hashes[0]))),
    'invalid',
    'malformed',
  ],
  [
    '65 inclusion-proof hashes',
    edit((b) => void (entry(b).inclusionProof.hashes = Array.from({ length: 65 }, () => entry(b).inclusionProof.hashes[0]))),
    'invalid',
    'malformed',
  ],
  [
    '33 transparency entries',
    edit((b) => void (attestation(b).verification_material.transparency_entries = Array.from({ length: 33 }, () => entry(b)))),
    'invalid',
    'malformed',
  ],
  ['no transparency entry', edit((b) => void (attestation(b).verification_material.transparency_entries = [])), 'invalid', 'malformed'],
  ['a number for the certificate', edit((b) => void (attestation(b).verification_material.certificate = 42)), 'invalid', 'malformed'],
  [
    'an object for the entries',
    edit((b) => void (attestation(b).verification_material.transparency_entries = { 0: entry(b) })),
    'invalid',
    'malformed',
  ],
  ['a negative integrated time', edit((b) => void (entry(b).integratedTime = '-5')), 'invalid', 'malformed'],
  ['an integrated time past year 275760', edit((b) => void (entry(b).integratedTime = '9999999999999999999')), 'invalid', 'malformed'],
  ['numbers for the proof hashes', edit((b) => void (entry(b).inclusionProof.hashes = [1, 2, 3])), 'invalid', 'malformed'],
  ['null envelope', edit((b) => void (attestation(b).envelope = null)), 'invalid', 'malformed'],
  ['a string attestation', edit((b) => void (b.attestation_bundles[0].attestations = ['x'])), 'invalid', 'malformed'],
  ['attestation version 2', edit((b) => void (attestation(b).version = 2)), 'cannot-verify', 'unsupported-format'],
  ['provenance version "1" (a string)', edit((b) => void (b.version = '1')), 'cannot-verify', 'unsupported-format'],
  [
    'a Rekor v2 entry (hashedrekord 0.0.2)',
    edit((b) => void (entry(b).kindVersion = { kind: 'hashedrekord', version: '0.0.2' })),
    'cannot-verify',
    'unsupported-format',
  ],
  ['integratedTime "0" (Rekor v2 style)', edit((b) => void (entry(b).integratedTime = '0')), 'cannot-verify', 'unsupported-format'],
  [
    'RFC 3161 timestamps',
    edit((b) => void (attestation(b).verification_material.timestamps = ['MIIB'])),
    'cannot-verify',
    'unsupported-format',
  ],
  [
    'an unknown publisher kind',
    edit((b) => void (b.attestation_bundles[0].publisher = { kind: 'ActiveState', repository: 'x/y' })),
    'cannot-verify',
    'unsupported-publisher',
  ],
  [
    'a swapped log ID (unknown log)',
    edit((b) => void (entry(b).logId.keyId = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')),
    'cannot-verify',
    'trust-root-outdated',
  ],
  ['a bundle list of the wrong type', () => ({ version: 1, attestation_bundles: 'x' }), 'cannot-verify', 'unsupported-format'],
  ['null', () => null, 'cannot-verify', 'unsupported-format'],
  ['an array', () => [body()], 'cannot-verify', 'unsupported-format'],
];

describe('hostile provenance bodies, in the verifier', () => {
  it.each(HOSTILE)('%s → %s (%s), quickly', async (_name, make, state, reason) => {
    const started = performance.now();
    const result = await verifyProvenanceBody(make(), SDIST, await embeddedTrustRoot());
    expect([result.state, result.reason]).toEqual([state, reason]);
    expect(result.identity).toBeNull();
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('a file the index gave no sha256 for cannot be matched: cannot verify', async () => {
    const result = await verifyProvenanceBody(body(), { filename: SDIST.filename, sha256: null }, await embeddedTrustRoot());
    expect([result.state, result.reason]).toEqual(['cannot-verify', 'unavailable']);
  });
});

describe('hostile provenance bodies, through the Integrity fetch path', () => {
  const index = () => {
    const files = [{ ...PYPI_ATTESTATIONS_SDIST }];
    return {
      state: 'ok' as const,
      fetchedAt: '2026-11-25T11:00:00.000Z',
      fromCache: false,
      data: {
        name: 'pypi-attestations',
        projectStatus: { status: 'active' as const, reason: null },
        files,
        versions: ['0.0.19'],
        simpleUrl: 'https://pypi.org/simple/pypi-attestations/',
      },
    };
  };

  it.each(HOSTILE)('%s: never verified, never thrown', async (_name, make) => {
    const { http } = recordingHttp(() => jsonResponse(make()));
    const section = await fetchProvenance(http, 'pypi-attestations', '0.0.19', index());
    // Either a per-file answer or, for bodies we cannot read at all, a section error: never green.
    if (section.state === 'ok') expect(['invalid', 'cannot-verify']).toContain(section.data.files[0]!.verification.state);
    else expect(section.state).toBe('error');
  });

  it('a 403 (attestations disabled by PyPI) is "cannot verify", not "no attestation"', async () => {
    const { http } = recordingHttp(() => jsonResponse({ message: 'disabled' }, 403));
    const section = await fetchProvenance(http, 'pypi-attestations', '0.0.19', index());
    expect(section.state).toBe('error');
    const wheel = {
      ...PYPI_ATTESTATIONS_SDIST,
      filename: 'pypi_attestations-0.0.19-py3-none-any.whl',
      provenanceUrl: `${PYPI_ATTESTATIONS_SDIST.provenanceUrl}?wheel`,
    };
    const many = { ...index(), data: { ...index().data, files: [PYPI_ATTESTATIONS_SDIST, wheel] } };
    const answer = recordingHttp((call) =>
      call.url.endsWith('?wheel') ? jsonResponse(body()) : jsonResponse({ message: 'disabled' }, 403),
    );
    const mixed = await fetchProvenance(answer.http, 'pypi-attestations', '0.0.19', many);
    expect(mixed.state === 'ok' && mixed.data.files[0]!.verification).toMatchObject({ state: 'cannot-verify', reason: 'api-disabled' });
  });
});

function memoryArea(): KeyValueArea {
  const data: Record<string, unknown> = {};
  return {
    async get(keys) {
      if (keys === null) return { ...data };
      return Object.fromEntries((Array.isArray(keys) ? keys : [keys]).filter((k) => k in data).map((k) => [k, data[k]]));
    },
    async set(items) {
      Object.assign(data, items);
    },
    async remove(keys) {
      for (const k of Array.isArray(keys) ? keys : [keys]) delete data[k];
    },
  };
}

describe('hostile provenance bodies, through the background', () => {
  it('answers getReport with a report, whatever the Integrity API sends', async () => {
    const simple = {
      name: 'pypi-attestations',
      files: [
        {
          filename: SDIST.filename,
          url: 'https://files.pythonhosted.org/x',
          hashes: { sha256: SDIST.sha256 },
          provenance: PYPI_ATTESTATIONS_SDIST.provenanceUrl,
        },
      ],
      versions: ['0.0.19'],
    };
    for (const [name, make] of HOSTILE.slice(0, 8)) {
      const fetch = (async (input: string) => {
        const { pathname } = new URL(String(input));
        if (pathname.startsWith('/simple/')) return jsonResponse(simple);
        if (pathname.startsWith('/integrity/')) return jsonResponse(make());
        return jsonResponse({ message: 'Not Found' }, 404);
      }) as unknown as typeof globalThis.fetch;
      const background = createBackground({
        storage: memoryArea(),
        extensionId: 'ext',
        fetch,
        now: () => Date.parse('2026-11-25T12:00:00Z'),
      });
      const reply = (await background.handle({ type: 'getReport', name: 'pypi-attestations', version: '0.0.19' }, { id: 'ext' })) as {
        ok: boolean;
        value?: Report;
      };
      expect(reply.ok, name).toBe(true);
      const provenance = reply.value!.provenance;
      const file = provenance.state === 'ok' ? provenance.data.files[0] : null;
      expect(file?.verification.state ?? 'section-error', name).not.toBe('verified');
    }
  });
});
