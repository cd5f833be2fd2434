// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionProvenance } from '../../../../components/panel/SectionProvenance';
import type { ProvenanceFacts } from '../../../../utils/contract/report';
import { ok, syntheticFile, syntheticProvenanceFacts, syntheticVerification } from '../synthetic-facts';

afterEach(cleanup);

function renderFacts(facts: ProvenanceFacts) {
  return render(<SectionProvenance section={ok(facts)} />).container;
}

const wheel = syntheticFile({
  filename: 'luigi-3.6.0-py3-none-any.whl',
  state: 'none',
  publishers: [],
  attestationCount: 0,
  subjects: [],
  digestMatch: null,
  provenanceUrl: null,
  verification: syntheticVerification({ state: 'no-attestation', attestations: [], identity: null }),
});

describe('<SectionProvenance>', () => {
  it('summarises and lists each file of the viewed version', () => {
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile(), wheel] }));
    expect(container.querySelector('[data-fact="attested-summary"]')!.textContent).toBe('1 of 2 files attested (3.6.0)');
    const sdist = container.querySelector('[data-file="luigi-3.6.0.tar.gz"]')!;
    expect(sdist.getAttribute('data-state')).toBe('attested');
    expect(sdist.getAttribute('data-verification')).toBe('verified');
    expect(sdist.textContent).toContain('Verified');
    expect(sdist.textContent).toContain('Digest matches');
    // Identity from the certificate; PyPI's environment only as an unverified note.
    expect(sdist.querySelector('[data-fact="verified-identity"]')!.textContent).toContain(
      'Published from github.com/spotify/luigi by workflow .github/workflows/release.yml @ refs/tags/3.6.0 (ccccccc)',
    );
    expect(sdist.textContent).toContain('Environment pypi (from PyPI; not in the certificate, not verified)');
    const row = container.querySelector('[data-file="luigi-3.6.0-py3-none-any.whl"]')!;
    expect(row.textContent).toContain('No attestation');
    expect(row.querySelector('a')).toBeNull();
    const summary = container.querySelector('[data-fact="verification-summary"]')!;
    expect([summary.getAttribute('data-verification'), summary.getAttribute('data-level')]).toEqual(['no-attestation', 'caution']);
    expect(summary.textContent).toContain('some files are attested, others are not');
  });

  it('lays the files out as a small table: file, verified or not, signer/workflow', () => {
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile(), wheel] }));
    const table = container.querySelector('table.tp-files')!;
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['File', 'Verified', 'Signer / workflow']);
    const cells = (file: string) => [...table.querySelectorAll(`[data-file="${file}"] > tr:first-child > td`)].map((td) => td.textContent);
    const sdist = cells('luigi-3.6.0.tar.gz');
    expect(sdist[0]).toBe('luigi-3.6.0.tar.gz');
    expect(sdist[1]).toContain('Verified');
    expect(sdist[2]).toBe('spotify/luigi release.yml');
    const signerCell = table.querySelector('[data-file="luigi-3.6.0.tar.gz"] [data-fact="file-signer"]')!;
    expect(signerCell.getAttribute('title')).toBe('github.com/spotify/luigi/.github/workflows/release.yml');
    const whl = cells('luigi-3.6.0-py3-none-any.whl');
    expect(whl[1]).toContain('No attestation');
    expect(whl[2]).toBe('—');
  });

  it('links the verified repository, the build run and the Sigstore log entry from the certificate', () => {
    renderFacts(syntheticProvenanceFacts());
    expect(screen.getByRole('link', { name: 'github.com/spotify/luigi' }).getAttribute('href')).toBe('https://github.com/spotify/luigi');
    expect(screen.getByRole('link', { name: 'Sigstore log #123456789' }).getAttribute('href')).toBe(
      'https://search.sigstore.dev/?logIndex=123456789',
    );
    expect(screen.getByRole('link', { name: 'build run' }).getAttribute('href')).toBe(
      'https://github.com/spotify/luigi/actions/runs/1/attempts/1',
    );
    expect(screen.queryByRole('link', { name: /release\.yml/ })).toBeNull();
  });

  it.each([
    ['invalid', 'Invalid attestation', 'danger', 'Attestation present but does NOT verify'],
    ['publisher-mismatch', 'Publisher mismatch', 'danger', 'The certificate does not match the publisher PyPI lists'],
    ['claim-mismatch', 'Verified, other repository', 'caution', 'published from another repository than the one the project links'],
  ] as const)('shows a %s file with its level and reason, and PyPI’s publisher only as a claim', (state, word, level, text) => {
    const verification = syntheticVerification({
      state,
      detail: 'The signature over the attested statement does not verify.',
      claimedRepository: 'github.com/spotify/luigi-old',
    });
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile({ verification })] }));
    const row = container.querySelector('[data-file="luigi-3.6.0.tar.gz"]')!;
    expect(row.querySelector(`.tp-level--${level}`)!.textContent).toContain(word);
    expect(row.querySelector('[data-fact="verification-problem"]')!.textContent).toContain(text);
    expect(container.querySelector('[data-fact="verification-summary"]')!.getAttribute('data-level')).toBe(level);
    if (state !== 'claim-mismatch') {
      expect(row.textContent).toContain('PyPI lists (unverified): spotify/luigi · release.yml');
      expect([...row.querySelectorAll('a')].map((a) => a.textContent)).not.toContain('spotify/luigi · release.yml');
    }
  });

  it.each([
    ['trust-root-outdated', 'update the extension'],
    ['unsupported-format', 'a format this version does not verify yet'],
    ['api-disabled', 'PyPI has temporarily disabled attestations'],
  ] as const)('shows "could not verify" (%s) in grey, never red', (reason, text) => {
    const verification = syntheticVerification({ state: 'cannot-verify', reason, identity: null, attestations: [] });
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile({ verification })] }));
    const state = container.querySelector('[data-fact="verification-state"]')!;
    expect(state.getAttribute('data-reason')).toBe(reason);
    expect(state.textContent).toContain(text);
    expect(container.querySelector('.tp-level--danger')).toBeNull();
    expect(container.querySelector('[data-fact="verified-identity"]')).toBeNull();
  });

  it('marks a digest mismatch as danger', () => {
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile({ digestMatch: false })] }));
    const mismatch = container.querySelector('.tp-digest')!;
    expect(mismatch.textContent).toContain('Digest mismatch');
    expect(mismatch.classList.contains('tp-level--danger')).toBe(true);
  });

  it('names the trust root a verification used, and notes attestations that were only read', () => {
    const container = renderFacts(syntheticProvenanceFacts());
    expect(container.querySelector('[data-fact="trust-root-note"]')!.textContent).toContain('sha256 6494e21ea73f…');
    const read = syntheticFile({ verification: syntheticVerification({ state: 'cannot-verify', reason: 'not-checked', identity: null }) });
    const unverified = renderFacts(syntheticProvenanceFacts({ files: [read] }));
    expect(unverified.querySelector('[data-fact="signature-note"]')!.textContent).toContain('were not verified');
    expect(unverified.querySelector('[data-fact="trust-root-note"]')).toBeNull();
  });

  it('shows a file whose provenance request failed', () => {
    const failedFile = syntheticFile({
      state: 'error',
      publishers: [],
      digestMatch: null,
      error: { kind: 'timeout', message: 'Integrity API timed out' },
    });
    const container = renderFacts(syntheticProvenanceFacts({ files: [failedFile] }));
    expect(container.querySelector('[data-fact="attested-summary"]')!.textContent).toBe('0 of 1 file attested (3.6.0)');
    expect(container.querySelector('[data-file]')!.textContent).toContain('Integrity API timed out');
    expect(container.querySelector('[data-fact="signature-note"]')).toBeNull();
  });

  it('shows a non-active project status with its reason', () => {
    const container = renderFacts(syntheticProvenanceFacts({ projectStatus: { status: 'quarantined', reason: 'Reported as malware' } }));
    const status = container.querySelector('[data-fact="project-status"]')!;
    expect(status.getAttribute('data-status')).toBe('quarantined');
    expect(status.textContent).toContain('Project quarantined');
    expect(status.textContent).toContain('Reported as malware');
    expect(status.querySelector('.tp-level--danger')).not.toBeNull();
  });

  it('hides the status line for an active project and lists earlier releases', () => {
    const container = renderFacts(syntheticProvenanceFacts());
    expect(container.querySelector('[data-fact="project-status"]')).toBeNull();
    const previous = container.querySelector('[data-fact="previous-provenance"]')!;
    expect(previous.querySelector('summary')!.textContent).toBe('Earlier releases: 1 of 2 attested');
    expect(previous.querySelector('[data-version="3.5.1"]')!.textContent).toContain('Not attested');
  });

  it('says so when the release has no files', () => {
    const container = renderFacts(syntheticProvenanceFacts({ files: [], previous: [] }));
    expect(container.querySelector('[data-fact="attested-summary"]')!.textContent).toBe('Release 3.6.0 has no files.');
  });
});
