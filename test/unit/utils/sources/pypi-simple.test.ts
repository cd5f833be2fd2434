import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type SimpleIndex,
  fetchSimpleIndex,
  filesForVersion,
  normaliseSimpleIndex,
  previousReleasesProvenance,
  versionOfFile,
} from '../../../../utils/sources/pypi-simple';
import { readRecorded } from '../../../support/fixtures';
import { recordedResponse, recordingHttp, urlsIn } from './recorded-responses';

function recordedIndex(name: string): SimpleIndex {
  const result = normaliseSimpleIndex(readRecorded(`pypi.org/simple/${name}.json`), name);
  if (!result.ok) throw new Error(`recorded ${name} index did not parse`);
  return result.data;
}
const recordedBody = (name: string) =>
  readRecorded(`pypi.org/simple/${name}.json`) as { files: Record<string, unknown>[] } & Record<string, unknown>;

describe('normaliseSimpleIndex on recorded indexes', () => {
  it('reads requests: 244 files over 160 versions, 4 yanked, 12 with provenance', () => {
    const requests = recordedIndex('requests');
    expect(requests.files).toHaveLength(244);
    expect(requests.versions).toHaveLength(160);
    expect(requests.projectStatus).toEqual({ status: 'active', reason: null });
    expect(requests.simpleUrl).toBe('https://pypi.org/simple/requests/');
    const yanked = requests.files.filter((f) => f.yanked);
    expect(yanked.map((f) => f.filename)).toEqual([
      'requests-2.32.0-py3-none-any.whl',
      'requests-2.32.0.tar.gz',
      'requests-2.32.1-py3-none-any.whl',
      'requests-2.32.1.tar.gz',
    ]);
    expect(yanked[2]!.yankedReason).toBe('Yanked due to conflicts with CVE-2024-35195 mitigation'); // trailing space trimmed
    expect(requests.files.filter((f) => f.provenanceUrl !== null)).toHaveLength(12);
    expect(requests.files.at(-1)).toEqual({
      filename: 'requests-2.34.2.tar.gz',
      url: 'https://files.pythonhosted.org/packages/ac/c3/e2a2b89f2d3e2179abd6d00ebd70bff6273f37fb3e0cc209f48b39d00cbf/requests-2.34.2.tar.gz',
      sha256: 'f288924cae4e29463698d6d60bc6a4da69c89185ad1e0bcc4104f584e960b9ed',
      provenanceUrl: 'https://pypi.org/integrity/requests/2.34.2/requests-2.34.2.tar.gz/provenance',
      uploadedAt: '2026-05-14T19:25:27.735762Z',
      yanked: false,
      yankedReason: null,
      size: 142856,
      requiresPython: '>=3.10',
    });
  });

  it.each([
    ['django', 799, 4, 0],
    ['certifi', 140, 2, 30],
    ['urllib3', 190, 8, 16],
    ['click', 126, 2, 22],
    ['flask', 110, 0, 8],
    ['idna', 71, 0, 16],
    ['jinja2', 97, 0, 4],
  ])('reads %s: %i files, %i yanked, %i with provenance', (name, files, yanked, attested) => {
    const index = recordedIndex(name);
    expect(index.files).toHaveLength(files);
    expect(index.files.filter((f) => f.yanked)).toHaveLength(yanked);
    expect(index.files.filter((f) => f.provenanceUrl !== null)).toHaveLength(attested);
    // Every recorded filename yields a version for its project.
    expect(index.files.filter((f) => versionOfFile(f.filename, index.name) === null)).toEqual([]);
  });

  it('reads PEP 792 project status: absent means active, unknown words are unknown', () => {
    const body = recordedBody('flask');
    delete body['project-status'];
    const absent = normaliseSimpleIndex(body, 'flask');
    expect(absent.ok && absent.data.projectStatus).toEqual({ status: 'active', reason: null });
    const quarantined = normaliseSimpleIndex({ ...body, 'project-status': { status: 'quarantined', reason: ' Malware report ' } }, 'flask');
    expect(quarantined.ok && quarantined.data.projectStatus).toEqual({ status: 'quarantined', reason: 'Malware report' });
    const odd = normaliseSimpleIndex({ ...body, 'project-status': { status: '<b>gone</b>' } }, 'flask');
    expect(odd.ok && odd.data.projectStatus.status).toBe('unknown');
  });

  it('drops an unreadable file entry and any provenance URL not on pypi.org/integrity', () => {
    const body = recordedBody('requests');
    body.files[0] = { ...body.files[0], filename: 42 };
    const last = body.files.length - 1;
    body.files[last] = {
      ...body.files[last],
      provenance: 'https://evil.example/integrity/requests/2.34.2/x/provenance',
      url: 'javascript:alert(1)',
    };
    body.files[last - 1] = { ...body.files[last - 1], provenance: 'http://pypi.org/integrity/requests/2.34.2/x/provenance' };
    const result = normaliseSimpleIndex(body, 'requests');
    if (!result.ok) throw new Error('expected ok');
    expect(result.data.files).toHaveLength(243);
    expect(result.data.files.at(-1)).toMatchObject({ provenanceUrl: null, url: null });
    expect(result.data.files.at(-2)!.provenanceUrl).toBeNull();
  });

  it('returns our type or a malformed error for any JSON (property)', () => {
    const file = fc.record({
      filename: fc.oneof(fc.string(), fc.constant('requests-1.0.tar.gz')),
      url: fc.oneof(fc.string(), fc.webUrl()),
      provenance: fc.oneof(fc.string(), fc.webUrl(), fc.constant(null)),
      yanked: fc.jsonValue(),
      hashes: fc.jsonValue(),
    });
    const shaped = fc.record({
      files: fc.array(fc.oneof(file, fc.jsonValue()), { maxLength: 5 }),
      versions: fc.jsonValue(),
      'project-status': fc.jsonValue(),
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything(), shaped), (raw) => {
        const result = normaliseSimpleIndex(raw, 'requests');
        if (!result.ok) expect(result.error.kind).toBe('malformed');
        else for (const url of urlsIn(result.data)) expect(url).toMatch(/^https:\/\//);
      }),
    );
  });
});

describe('filesForVersion and versionOfFile', () => {
  it('finds the sdist and wheel of one release, by normalised version', () => {
    const requests = recordedIndex('requests');
    expect(filesForVersion(requests, '2.34.2').map((f) => f.filename)).toEqual([
      'requests-2.34.2-py3-none-any.whl',
      'requests-2.34.2.tar.gz',
    ]);
    expect(filesForVersion(requests, '2.34.0.dev1')).toHaveLength(2);
    expect(filesForVersion(requests, '2.34.0')).toHaveLength(2); // not the .dev1 files
    expect(filesForVersion(requests, '9.9.9')).toEqual([]);
  });

  it('reads names with other spellings, dashes and PEP 427 escaping', () => {
    expect(versionOfFile('Django-1.0.tar.gz', 'django')).toBe('1.0');
    expect(versionOfFile('zope.interface-5.0-cp39-cp39-win_amd64.whl', 'zope-interface')).toBe('5.0');
    expect(versionOfFile('python-dateutil-2.8.2.tar.gz', 'python_dateutil')).toBe('2.8.2');
    expect(versionOfFile('python_dateutil-2.8.2-py2.py3-none-any.whl', 'python-dateutil')).toBe('2.8.2');
    expect(versionOfFile('requests-2.0.0.zip', 'requests')).toBe('2.0.0');
    expect(versionOfFile('requests-toolbelt-1.0.0.tar.gz', 'requests')).toBeNull();
    expect(versionOfFile('requests_toolbelt-1.0.0-py3-none-any.whl', 'requests')).toBeNull();
    expect(versionOfFile('requests-2.0.0.exe', 'requests')).toBeNull();
  });

  it('matches Django files whether the sdist says Django- or django-', () => {
    const django = recordedIndex('django');
    const first = django.versions[0]!;
    expect(filesForVersion(django, first).length).toBeGreaterThan(0);
  });
});

describe('previousReleasesProvenance', () => {
  it('lists the releases before the viewed one, newest first, with their attestation', () => {
    const requests = recordedIndex('requests');
    expect(previousReleasesProvenance(requests, '2.34.2', 6)).toEqual([
      { version: '2.34.1', attested: true, fileCount: 2 },
      { version: '2.34.0', attested: true, fileCount: 2 },
      { version: '2.34.0.dev1', attested: true, fileCount: 2 },
      { version: '2.33.1', attested: true, fileCount: 2 },
      { version: '2.33.0', attested: true, fileCount: 2 },
      { version: '2.32.5', attested: false, fileCount: 2 },
    ]);
    expect(previousReleasesProvenance(recordedIndex('django'), '5.0', 3).every((r) => !r.attested)).toBe(true);
    expect(previousReleasesProvenance(requests, 'not a version', 3)).toEqual([]);
  });
});

describe('fetchSimpleIndex', () => {
  it('asks for the normalised name with the PEP 691 Accept header', async () => {
    const { http, calls } = recordingHttp(() => recordedResponse('pypi.org/simple/click.json', 'pypi.org/simple/click.meta.json'));
    const section = await fetchSimpleIndex(http, 'Click');
    expect(calls.map((c) => [c.url, c.headers.get('accept')])).toEqual([
      ['https://pypi.org/simple/click/', 'application/vnd.pypi.simple.v1+json'],
    ]);
    expect(section.state === 'ok' && section.data.files).toHaveLength(126);
  });

  it('refuses a name that is not a package name without asking', async () => {
    const { http, calls } = recordingHttp(() => recordedResponse('pypi.org/simple/click.json'));
    expect((await fetchSimpleIndex(http, '../admin')).state).toBe('error');
    expect(calls).toHaveLength(0);
  });
});
