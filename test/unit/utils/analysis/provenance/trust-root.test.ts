// The embedded Sigstore trust root: where it comes from (@sigstore/tuf's seeds.json), its pin, and the
// per-attestation time-correct view that works around sigstore-browser 0.1.14's "valid now" selection.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SigstoreVerifier } from '@freedomofpress/sigstore-browser';
import { describe, expect, it } from 'vitest';
import { toSigstoreBundle, parseAttestation } from '../../../../../utils/analysis/provenance/attestation';
import { runVerificationCase } from '../../../../../utils/analysis/provenance/self-test';
import { TRUSTED_ROOT_ORIGIN, TRUSTED_ROOT_SHA256 } from '../../../../../utils/contract/trust-root-pin';
import { embeddedTrustRoot, trustRootView } from '../../../../../utils/analysis/provenance/trust-root';
import { TRUSTED_ROOT_JSON } from '../../../../../utils/analysis/provenance/trusted-root.generated';
import {
  GENERATED_MODULE,
  assertTrustRootPinned,
  diffRoots,
  rootFromPackage,
  renderGeneratedModule,
  sha256Hex,
} from '../../../../../scripts/trust-root-lib';
import { readRecorded, readRecordedText } from '../../../../support/fixtures';
import { PRODUCTION_ROOT } from '../../../../support/provenance-cases';

const SDIST = { filename: 'pypi_attestations-0.0.19.tar.gz', sha256: '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3' };
const ATTESTATION = 'provenance/pypi_attestations-0.0.19.tar.gz.publish.attestation';
const POLICY = { kind: 'GitHub', repository: 'trailofbits/pypi-attestations', workflow: 'release.yml' } as const;
/** 2024-12-04T23:14:01Z: when Rekor integrated the pypi-attestations 0.0.19 attestation. */
const INTEGRATED = new Date(1733354041 * 1000);
const REKOR_V1 = 'wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0=';

type Root = {
  tlogs: { logId: { keyId: string }; publicKey: { validFor: { start: string; end?: string } } }[];
  certificateAuthorities: { validFor: { start: string; end?: string } }[];
};
const productionRoot = () => JSON.parse(readRecordedText(PRODUCTION_ROOT)) as Root;
const verify = (root: Root) =>
  runVerificationCase({
    shape: 'attestation',
    body: readRecorded(ATTESTATION),
    dist: SDIST,
    policy: POLICY,
    trustRootJson: JSON.stringify(root),
  });

describe('the embedded trust root', () => {
  it('is the module the refresh script renders for the pinned @sigstore/tuf release, and matches its pin', () => {
    expect(sha256Hex(TRUSTED_ROOT_JSON)).toBe(TRUSTED_ROOT_SHA256);
    expect(readFileSync(GENERATED_MODULE, 'utf8')).toBe(renderGeneratedModule(TRUSTED_ROOT_JSON, TRUSTED_ROOT_ORIGIN.version));
    expect(() => assertTrustRootPinned()).not.toThrow();
  });

  it('reads a release’s production root out of its seeds.json (an unpacked package folder)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'seeds-'));
    try {
      const root = readRecordedText(PRODUCTION_ROOT);
      const seeds = {
        [TRUSTED_ROOT_ORIGIN.tufRepository]: { targets: { [TRUSTED_ROOT_ORIGIN.target]: Buffer.from(root).toString('base64') } },
      };
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: TRUSTED_ROOT_ORIGIN.npmPackage, version: '9.9.9' }));
      writeFileSync(join(dir, TRUSTED_ROOT_ORIGIN.file), JSON.stringify(seeds));
      expect(rootFromPackage(dir)).toEqual({ version: '9.9.9', text: root });
      writeFileSync(join(dir, TRUSTED_ROOT_ORIGIN.file), JSON.stringify({}));
      expect(() => rootFromPackage(dir)).toThrow(/has no trusted_root\.json/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is byte-identical to the recorded production root (../shared/fixtures, sha256 6494e21e…)', () => {
    expect(TRUSTED_ROOT_JSON).toBe(readRecordedText(PRODUCTION_ROOT));
    expect(TRUSTED_ROOT_SHA256).toBe('6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66');
  });

  it('is loaded once and hashed at run time (WebCrypto), so a tampered package is refused', async () => {
    const loaded = await embeddedTrustRoot();
    expect(loaded.sha256).toBe(TRUSTED_ROOT_SHA256);
    expect(loaded.root.tlogs.map((t) => t.baseUrl)).toEqual(['https://rekor.sigstore.dev', 'https://log2025-1.rekor.sigstore.dev']);
  });

  it('describes a root change for review: logs and CAs added, removed or changed', () => {
    const staging = readRecordedText('provenance/trusted_root.staging.json');
    const lines = diffRoots(TRUSTED_ROOT_JSON, staging);
    expect(
      lines.some((l) => l.startsWith('+ tlogs 0y8wo8MtY5wrdiIFohx7sHeI5oKDpK5vQhGHI6G+pJY=') && l.includes('https://rekor.sigstage.dev')),
    ).toBe(true);
    expect(lines.some((l) => l.startsWith(`- tlogs ${REKOR_V1}`))).toBe(true);
    const ended = productionRoot();
    ended.tlogs[0]!.publicKey.validFor.end = '2026-01-01T00:00:00Z';
    expect(diffRoots(TRUSTED_ROOT_JSON, JSON.stringify(ended))).toEqual([
      `~ tlogs ${REKOR_V1}  https://rekor.sigstore.dev PKIX_ECDSA_P256_SHA_256 2021-01-12T11:53:27Z → open  ⇒  https://rekor.sigstore.dev PKIX_ECDSA_P256_SHA_256 2021-01-12T11:53:27Z → 2026-01-01T00:00:00Z`,
    ]);
  });
});

describe('time-correct trust-root view (PROVENANCE.md §5.3)', () => {
  it('picks the tlog the entry names, at its integrated time, and strips end dates it already checked', async () => {
    const { root } = await embeddedTrustRoot();
    const view = trustRootView(root, REKOR_V1, INTEGRATED);
    if (!view.ok) throw new Error('no view');
    expect(view.root.tlogs.map((t) => [t.baseUrl, t.publicKey.validFor.end])).toEqual([['https://rekor.sigstore.dev', undefined]]);
    // At the end of 2024 only the 2022 Fulcio CA was valid; the 2021 one ended 2022-12-31.
    expect(view.root.certificateAuthorities).toHaveLength(1);
    expect(trustRootView(root, 'AAAA', INTEGRATED)).toEqual({ ok: false, missing: 'tlog' });
  });

  it('sigstore-browser alone fails once Rekor v1 has an end date (its "valid now" selection)', async () => {
    const root = productionRoot();
    root.tlogs[0]!.publicKey.validFor.end = '2026-01-01T00:00:00Z';
    const verifier = new SigstoreVerifier();
    await verifier.loadSigstoreRoot(root as never);
    const parsed = parseAttestation(readRecorded(ATTESTATION));
    if (!parsed.ok) throw new Error('unreadable vector');
    await expect(verifier.verifyDsse(toSigstoreBundle(parsed.attestation), { verify: () => undefined })).rejects.toThrow(
      /Rekor log ID mismatch/,
    );
  });

  it.each([
    ['Rekor v1 has an end date after the entry', (r: Root) => void (r.tlogs[0]!.publicKey.validFor.end = '2026-01-01T00:00:00Z')],
    ['Rekor v2 is listed first', (r: Root) => void r.tlogs.reverse()],
    [
      'the Fulcio 2022 CA has an end date after the entry',
      (r: Root) => void (r.certificateAuthorities[1]!.validFor.end = '2026-01-01T00:00:00Z'),
    ],
  ])('still verifies when %s', async (_case, change) => {
    const root = productionRoot();
    change(root);
    expect((await verify(root)).state).toBe('verified');
  });

  it('does not verify an entry integrated after its log’s end: "cannot verify (trust root)", never green', async () => {
    const root = productionRoot();
    root.tlogs[0]!.publicKey.validFor.end = '2024-06-01T00:00:00Z';
    expect(await verify(root)).toMatchObject({ state: 'cannot-verify', reason: 'trust-root-outdated', identity: null, logUrl: null });
  });

  it('does not verify when no Fulcio CA covers the integrated time', async () => {
    const root = productionRoot();
    root.certificateAuthorities[1]!.validFor.end = '2024-06-01T00:00:00Z';
    expect(await verify(root)).toMatchObject({ state: 'cannot-verify', reason: 'trust-root-outdated' });
  });

  it('a root without the entry’s log (an older extension, a newer log) says "update", not "invalid"', async () => {
    const root = productionRoot();
    root.tlogs = root.tlogs.slice(1);
    expect(await verify(root)).toMatchObject({ state: 'cannot-verify', reason: 'trust-root-outdated' });
  });
});
