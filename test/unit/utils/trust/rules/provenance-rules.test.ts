// provenance and project-status on the recorded Integrity body of pypi-attestations 0.0.19, its derived
// negative vectors, and recorded Simple JSON (django: no Trusted Publishing).
import { describe, expect, it } from 'vitest';
import type { FileProvenance, ProvenanceFacts, RepositoryFacts } from '../../../../../utils/contract/report';
import { projectStatus } from '../../../../../utils/trust/rules/project-status';
import { provenance } from '../../../../../utils/trust/rules/provenance';
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

const ctx = { now: '2026-09-05T00:00:00Z' };
const RECORDED = 'pypi.org/integrity/pypi-attestations-0.0.19-sdist.provenance.json';
const NEGATIVE = (name: string) => `provenance/derived-negative/pypi_attestations-0.0.19.tar.gz.${name}.provenance`;

const sdist = (file = RECORDED) => fileProvenanceOf(file, 'pypi-attestations', '0.0.19', PYPI_ATTESTATIONS_SDIST);
const facts = (...files: FileProvenance[]) => provenanceFactsOf('pypi-attestations', '0.0.19', files);

/** The repository section for a project linking `url` (as its PyPI JSON would), through the real resolver. */
function linking(url: string): RepositoryFacts {
  const releases = { ...releasesOf('luigi.json'), projectLinks: [{ label: 'Source', url }], homePage: null };
  return repositoryOfRelease(releases);
}

function run(provenanceFacts: ProvenanceFacts, repository?: RepositoryFacts) {
  const input = inputFor('pypi-attestations', '0.0.19', '0.0.19', {
    provenance: ok(provenanceFacts),
    ...(repository ? { repository: ok(repository) } : {}),
  });
  return provenance.evaluate(input, ctx);
}
const levelsAndTitles = (findings: ReturnType<typeof run>) => findings.map((f) => [f.level, f.title]);

describe('provenance', () => {
  it('pypi-attestations 0.0.19: the one recorded sdist is attested → good, signature caveat stated', () => {
    const findings = run(facts(sdist()), linking('https://github.com/trailofbits/pypi-attestations'));
    expect(levelsAndTitles(findings)).toEqual([['good', 'The only file of 0.0.19 has provenance']]);
    expect(findings[0]!.detail).toContain('attested (signature not yet verified in the browser)');
    expect(findings[0]!.detail).toContain('GitHub trailofbits/pypi-attestations workflow release.yml');
    expect(findings[0]!.evidence[0]!.url).toBe(
      'https://pypi.org/integrity/pypi-attestations/0.0.19/pypi_attestations-0.0.19.tar.gz/provenance',
    );
  });

  it('derived bad-statement vector (subject sha256 zeroed) → danger: the file is not what was attested', () => {
    const tampered = sdist(NEGATIVE('bad-statement'));
    expect(tampered.digestMatch).toBe(false);
    expect(levelsAndTitles(run(facts(tampered)))).toEqual([['danger', `Attestation does not match ${PYPI_ATTESTATIONS_SDIST}`]]);
  });

  it.each([
    [
      'derived publisher-mismatch vector vs the real link',
      NEGATIVE('publisher-mismatch'),
      'https://github.com/trailofbits/pypi-attestations',
      'evil-org/pypi-attestations',
    ],
    // the project really moved to pypi/pypi-attestations: a rename looks the same, the detail says so
    [
      'recorded attestation vs the moved repository',
      RECORDED,
      'https://github.com/pypi/pypi-attestations',
      'trailofbits/pypi-attestations',
    ],
  ])('%s → caution', (_case, file, link, attested) => {
    const findings = run(facts(sdist(file)), linking(link));
    expect(findings.map((f) => f.level)).toEqual(['caution', 'good']);
    expect(findings[0]!.title).toContain(`Attested repository ${attested} differs from the linked`);
  });

  it('GitHub names compare case-insensitively', () => {
    const findings = run(facts(sdist()), linking('https://github.com/TrailOfBits/PyPI-Attestations'));
    expect(findings.map((f) => f.level)).toEqual(['good']);
  });

  it('django 6.0.8 (recorded Simple JSON, no provenance URLs) → info: no Trusted Publishing', () => {
    const django = provenanceFromSimple('django', '6.0.8');
    expect(django.files).toHaveLength(2);
    const findings = provenance.evaluate(inputFor('django', '6.0.8', '6.0.8', { provenance: ok(django) }), ctx);
    expect(levelsAndTitles(findings)).toEqual([['info', 'No provenance: the publisher did not use Trusted Publishing']]);
    expect(findings[0]!.evidence).toEqual([{ label: 'Project on PyPI', url: 'https://pypi.org/project/django/' }]);
  });

  it.each([
    [
      'synthetic: a second, unattested wheel',
      [
        {
          ...sdist(),
          filename: 'pypi_attestations-0.0.19-py3-none-any.whl',
          state: 'none',
          provenanceUrl: null,
          publishers: [],
          digestMatch: null,
        },
      ],
      'info',
      '1 of 2 files have provenance',
    ],
    [
      'synthetic: a second file whose Integrity request failed',
      [
        {
          ...sdist(),
          filename: 'pypi_attestations-0.0.19-py3-none-any.whl',
          state: 'error',
          provenanceUrl: null,
          publishers: [],
          digestMatch: null,
        },
      ],
      'info',
      '1 of 2 files have provenance',
    ],
  ] as const)('%s', (_case, extra, level, title) => {
    const findings = run(facts(sdist(), ...(extra as unknown as FileProvenance[])));
    expect(levelsAndTitles(findings)).toEqual([[level, title]]);
    expect(findings[0]!.detail).toContain('pypi_attestations-0.0.19-py3-none-any.whl');
  });

  it('synthetic: more files than were checked → info, never "all files"', () => {
    const findings = run({ ...facts(sdist()), uncheckedFileCount: 40 });
    expect(levelsAndTitles(findings)).toEqual([['info', 'The one checked file of 0.0.19 has an attestation']]);
    expect(findings[0]!.detail).toContain('40 more files were not checked');
  });

  it('synthetic: django 6.0.8 after an attested 6.0.7 → caution (Trusted Publishing stopped)', () => {
    const django = provenanceFromSimple('django', '6.0.8');
    const synthetic = { ...django, previous: django.previous.map((r, i) => (i === 0 ? { ...r, attested: true } : r)) };
    const findings = provenance.evaluate(inputFor('django', '6.0.8', '6.0.8', { provenance: ok(synthetic) }), ctx);
    expect(levelsAndTitles(findings)).toEqual([['caution', '6.0.8 has no provenance, but 6.0.7 had']]);
  });
});

describe('project-status (PEP 792)', () => {
  it('django is recorded as active → nothing', () => {
    const django = provenanceFromSimple('django', '6.0.8');
    expect(django.projectStatus.status).toBe('active');
    expect(projectStatus.evaluate(inputFor('django', '6.0.8', null, { provenance: ok(django) }), ctx)).toEqual([]);
  });

  it.each([
    ['quarantined', null, 'danger', 'PyPI has quarantined this project'],
    ['archived', 'Moved to django-ng', 'caution', 'Project is archived on PyPI'],
    ['deprecated', null, 'caution', 'Project is deprecated on PyPI'],
    ['unknown', null, null, null],
  ] as const)('synthetic: django marked %s', (status, reason, level, title) => {
    const django = { ...provenanceFromSimple('django', '6.0.8'), projectStatus: { status, reason } };
    const findings = projectStatus.evaluate(inputFor('django', '6.0.8', null, { provenance: ok(django) }), ctx);
    expect(levelsAndTitles(findings)).toEqual(level ? [[level, title]] : []);
    if (reason) expect(findings[0]!.detail).toContain(reason);
  });
});
