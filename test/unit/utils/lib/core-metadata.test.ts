// METADATA as a wheel carries it: real files (every distribution this machine's Python has installed, read
// against Python's own email parser, which importlib.metadata uses) and synthetic shapes — continuation
// lines, CRLF, a body that looks like headers, and hostile sizes.
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_METADATA_HEADER_CHARS,
  MAX_REQUIREMENT_CHARS,
  MAX_REQUIRES_DIST,
  parseCoreMetadata,
} from '../../../../utils/lib/core-metadata';
import { parseRequiresDist } from '../../../../utils/lib/requires-dist';

/** What Python reads of each installed distribution's METADATA (and pip's vendored packaging of each Requires-Dist). */
const PYTHON = `
import importlib.metadata as md, json, sys
from pip._vendor.packaging.requirements import Requirement
out = []
for dist in md.distributions():
    text = dist.read_text('METADATA')
    if text is None: continue
    reqs = dist.metadata.get_all('Requires-Dist') or []
    parsed = []
    for r in reqs:
        q = Requirement(r)
        parsed.append({'name': q.name, 'extras': sorted(q.extras), 'marker': str(q.marker) if q.marker else None})
    out.append({'metadata': text, 'name': dist.metadata['Name'], 'version': dist.metadata['Version'], 'requires': reqs, 'parsed': parsed})
json.dump(out, sys.stdout)
`;

type Installed = {
  metadata: string;
  name: string;
  version: string;
  requires: string[];
  parsed: { name: string; extras: string[]; marker: string | null }[];
};

const installed = (): Installed[] =>
  JSON.parse(execFileSync('/usr/bin/python3', ['-c', PYTHON], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Installed[];
const spaced = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('parseCoreMetadata on real METADATA files', () => {
  it("reads Name, Version and every Requires-Dist as Python's email parser does, on every installed distribution", () => {
    const dists = installed();
    // Debian's Python ships distributions that declare requirements (cryptography's extras, httplib2's markers).
    expect(dists.filter((d) => d.requires.length > 0).length).toBeGreaterThan(0);
    for (const dist of dists) {
      const read = parseCoreMetadata(dist.metadata);
      expect(read.name).toBe(dist.name);
      expect(read.version).toBe(dist.version);
      expect(read.requiresDist.map(spaced)).toEqual(dist.requires.map(spaced));
      expect(read.truncated).toBe(false);
    }
  });

  it('each real Requires-Dist line (old "name (>=1.0) ; extra == \'x\'" form too) parses to the name, extras and extra packaging reads', () => {
    const lines = installed().flatMap((d) => d.requires.map((text, i) => ({ text, python: d.parsed[i]! })));
    expect(lines.some((l) => l.text.includes('(') && l.python.marker?.includes('extra'))).toBe(true);
    for (const { text, python } of lines) {
      const ours = parseRequiresDist(text);
      expect(ours, text).not.toBeNull();
      expect(ours!.name).toBe(python.name);
      expect([...ours!.extras].sort()).toEqual(python.extras);
      expect(ours!.onlyWithExtra !== null).toBe(python.marker?.includes('extra ==') ?? false);
    }
  });
});

describe('parseCoreMetadata on synthetic shapes', () => {
  it('unfolds continuation lines, takes CRLF, and stops at the body (a description line that looks like a header is not one)', () => {
    const text = [
      'Metadata-Version: 2.4',
      'Name: demo-pkg',
      'Version: 1.0',
      'License: line one',
      '        line two',
      'Requires-Dist: requests[socks]>=2.31;',
      '\tpython_version >= "3.9"',
      'Requires-Dist: tomli; python_version < "3.11"',
      'requires-dist: brotli; extra == "speedups"',
      '',
      'Requires-Dist: evil-from-the-description',
    ].join('\r\n');
    expect(parseCoreMetadata(text)).toEqual({
      metadataVersion: '2.4',
      name: 'demo-pkg',
      version: '1.0',
      requiresDist: ['requests[socks]>=2.31; python_version >= "3.9"', 'tomli; python_version < "3.11"', 'brotli; extra == "speedups"'],
      truncated: false,
    });
  });

  it('a non-header line ends the headers, as email.parser does', () => {
    expect(parseCoreMetadata('Name: a\nVersion: 1\nnot a header\nRequires-Dist: b\n').requiresDist).toEqual([]);
  });

  it('hostile sizes: headers past the cap, too many lines, an over-long line — cut, and said', () => {
    const many = `Name: a\nVersion: 1\n${'Requires-Dist: x\n'.repeat(MAX_REQUIRES_DIST + 10)}`;
    const tooMany = parseCoreMetadata(many);
    expect(tooMany.requiresDist).toHaveLength(MAX_REQUIRES_DIST);
    expect(tooMany.truncated).toBe(true);

    const long = parseCoreMetadata(`Name: a\nVersion: 1\nRequires-Dist: ${'x'.repeat(MAX_REQUIREMENT_CHARS + 1)}\nRequires-Dist: ok\n`);
    expect(long.requiresDist).toEqual(['ok']);
    expect(long.truncated).toBe(true);

    const huge = parseCoreMetadata(
      `Name: a\nVersion: 1\nX-Filler: ${'y'.repeat(MAX_METADATA_HEADER_CHARS)}\nRequires-Dist: after-the-cap\n`,
    );
    expect(huge.requiresDist).toEqual([]);
    expect(huge.truncated).toBe(true);

    // A long body after the headers is not a reason to say anything was cut.
    const body = parseCoreMetadata(`Name: a\nVersion: 1\nRequires-Dist: b\n\n${'z'.repeat(MAX_METADATA_HEADER_CHARS * 2)}`);
    expect(body).toMatchObject({ requiresDist: ['b'], truncated: false });
  });

  it('never throws and keeps its caps on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 4000 }), (text) => {
        const read = parseCoreMetadata(text);
        expect(read.requiresDist.length).toBeLessThanOrEqual(MAX_REQUIRES_DIST);
        for (const line of read.requiresDist) expect(line.length).toBeLessThanOrEqual(MAX_REQUIREMENT_CHARS);
      }),
    );
  });
});
