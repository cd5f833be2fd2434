// @vitest-environment happy-dom
import { cleanup, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SectionProvenance } from '../../../components/SectionProvenance';
import type { ProvenanceFacts } from '../../../utils/report';
import { ok, syntheticFile, syntheticProvenanceFacts } from './synthetic-facts';

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
});

describe('<SectionProvenance>', () => {
  it('summarises and lists each file of the viewed version', () => {
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile(), wheel] }));
    expect(container.querySelector('[data-fact="attested-summary"]')!.textContent).toBe('1 of 2 files attested (3.6.0)');
    const sdist = container.querySelector('[data-file="luigi-3.6.0.tar.gz"]')!;
    expect(sdist.getAttribute('data-state')).toBe('attested');
    expect(sdist.textContent).toContain('Attested');
    expect(sdist.textContent).toContain('Digest matches');
    expect(sdist.textContent).toContain('Published by GitHub Actions from spotify/luigi · release.yml (environment pypi)');
    const row = container.querySelector('[data-file="luigi-3.6.0-py3-none-any.whl"]')!;
    expect(row.textContent).toContain('Not attested');
    expect(row.querySelector('a')).toBeNull();
  });

  it('links the publisher through its url', () => {
    renderFacts(syntheticProvenanceFacts());
    expect(screen.getByRole('link', { name: 'spotify/luigi · release.yml' }).getAttribute('href')).toBe(
      'https://github.com/spotify/luigi/blob/HEAD/.github/workflows/release.yml',
    );
  });

  it('marks a digest mismatch as danger', () => {
    const container = renderFacts(syntheticProvenanceFacts({ files: [syntheticFile({ digestMatch: false })] }));
    const mismatch = container.querySelector('.tp-digest')!;
    expect(mismatch.textContent).toContain('Digest mismatch');
    expect(mismatch.classList.contains('tp-level--danger')).toBe(true);
  });

  it('notes that signatures are not verified in the browser', () => {
    const container = renderFacts(syntheticProvenanceFacts());
    expect(container.querySelector('[data-fact="signature-note"]')!.textContent).toContain('not yet verified in the browser');
  });

  it('shows a file whose provenance request failed', () => {
    const failedFile = syntheticFile({ state: 'error', publishers: [], digestMatch: null, error: { kind: 'timeout', message: 'Integrity API timed out' } });
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
