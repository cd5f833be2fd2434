// sortVersions parses each version once (npm run bench, "big project"): it must give exactly the
// order of the pairwise PEP 440 comparison it replaced, on recorded version lists and on generated ones.
// The sort key is ours (PEP 440's rules), so it is also checked against the public `compare` of
// @renovatebot/pep440 on structurally generated versions, and against PEP 440's own examples.
import { compare, valid } from '@renovatebot/pep440';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareVersions, isValidVersion, sortVersions } from '../../../../utils/lib/versions';
import { readRecorded } from '../../../support/fixtures';

const pairwise = (versions: string[]) => [...versions].sort(compareVersions);

describe('sortVersions equals the pairwise PEP 440 sort', () => {
  it.each(['coverage.json', 'numpy-1.20.3.json', 'luigi.json', 'apeye.json', 'octocheese.json'])('recorded releases of %s', (file) => {
    const versions = Object.keys((readRecorded(`pypi.org/json/${file}`) as { releases: Record<string, unknown> }).releases);
    expect(versions.length).toBeGreaterThan(5);
    expect(sortVersions(versions)).toEqual(pairwise(versions));
  });

  it.each(['django.json', 'requests.json', 'urllib3.json'])('recorded Simple index versions of %s', (file) => {
    const versions = (readRecorded(`pypi.org/simple/${file}`) as { versions: string[] }).versions;
    expect(sortVersions([...versions].reverse())).toEqual(pairwise([...versions].reverse()));
  });

  it('the corner cases of PEP 440 ordering, and text that is not a version', () => {
    const versions = [
      '1.0',
      '1.0.0',
      '1.0.post1',
      '1.0.dev1',
      '1.0a1',
      '1.0a1.dev2',
      '1.0a1.post1',
      '1.0rc1',
      '1.0c2',
      '1.0b1.post1.dev1',
      '1!0.1',
      '1.0+local.7',
      '1.0+local.abc',
      '1.0+1',
      '1.0+abc.1',
      '2.0-1',
      'v2.0',
      'not a version',
      'zzz',
      '',
      '0.0.0.0.1',
      '1.0.0+local',
      'random junk 1',
      '1.0a',
      '1.0alpha1',
      '1.0.RC1',
    ];
    expect(sortVersions(versions)).toEqual(pairwise(versions));
  });

  it('property: any mix of generated versions', () => {
    const part = fc.integer({ min: 0, max: 12 });
    const version = fc
      .tuple(
        fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
        fc.array(part, { minLength: 1, maxLength: 4 }),
        fc.option(fc.tuple(fc.constantFrom('a', 'b', 'rc', 'alpha', 'c', 'pre'), part), { nil: undefined }),
        fc.option(part, { nil: undefined }),
        fc.option(part, { nil: undefined }),
        fc.option(fc.constantFrom('local', '1', 'abc.2', '7.x'), { nil: undefined }),
      )
      .map(
        ([epoch, release, pre, post, dev, local]) =>
          `${epoch ? `${epoch}!` : ''}${release.join('.')}${pre ? `${pre[0]}${pre[1]}` : ''}` +
          `${post !== undefined ? `.post${post}` : ''}${dev !== undefined ? `.dev${dev}` : ''}${local ? `+${local}` : ''}`,
      );
    fc.assert(
      fc.property(fc.array(fc.oneof(version, fc.string({ maxLength: 6 })), { maxLength: 40 }), (versions) => {
        expect(sortVersions(versions)).toEqual(pairwise(versions));
      }),
      { numRuns: 300 },
    );
  });
});

/** What compareVersions was before the sort key was ours: the library's public `valid` and `compare`. */
function reference(a: string, b: string): number {
  const aValid = valid(a) !== null;
  const bValid = valid(b) !== null;
  if (aValid && bValid) return compare(a, b);
  if (aValid !== bValid) return aValid ? 1 : -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Text on which the library departs from PEP 440 on purpose (see the last test of this file). */
function departsFromPep440(text: string): boolean {
  if (valid(text) === null) return false;
  const local = text.split('+')[1] ?? '';
  return /[0-9]{16}/.test(text) || local.split(/[-_.]/).some((p) => !/^[0-9]+$/.test(p) && !Number.isNaN(Number(p)));
}

type Parts = {
  epoch: number;
  release: number[];
  pre: ['a' | 'b' | 'rc', number] | null;
  post: number | null;
  dev: number | null;
  local: string[] | null;
};

// Small numbers (and many zeros) so that generated versions often tie or differ in one place only;
// now and then a large one, up to 2^53 - 1, past the 15 digits where the key switches to BigInt.
const num = fc.oneof(
  { weight: 3, arbitrary: fc.constant(0) },
  { weight: 6, arbitrary: fc.integer({ min: 0, max: 12 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }) },
);
// A local segment: a number, or letters and digits. Text that JavaScript's Number() reads as a number
// but that is not all digits ("1e5", "0x1f") is left out: the library reads it as a number, PEP 440
// as text (see "where the library departs from PEP 440" below).
const localSegment = fc.oneof(
  fc.integer({ min: 0, max: 20 }).map(String),
  fc.constantFrom('a', 'abc', 'local', 'z9', 'dev', 'post', 'ubuntu'),
  fc.stringMatching(/^[a-z0-9]{1,4}$/).filter((s) => /^[0-9]+$/.test(s) || Number.isNaN(Number(s))),
);
const parts: fc.Arbitrary<Parts> = fc.record({
  epoch: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  release: fc.array(num, { minLength: 1, maxLength: 4 }),
  pre: fc.option(fc.tuple(fc.constantFrom('a' as const, 'b' as const, 'rc' as const), fc.integer({ min: 0, max: 3 }))),
  post: fc.option(fc.integer({ min: 0, max: 3 })),
  dev: fc.option(fc.integer({ min: 0, max: 3 })),
  local: fc.option(fc.array(localSegment, { minLength: 1, maxLength: 3 })),
});

/** The normal form PEP 440 writes, e.g. 1!2.0rc1.post2.dev3+abc.5. */
function canonical(v: Parts): string {
  return (
    `${v.epoch ? `${v.epoch}!` : ''}${v.release.join('.')}${v.pre ? `${v.pre[0]}${v.pre[1]}` : ''}` +
    `${v.post !== null ? `.post${v.post}` : ''}${v.dev !== null ? `.dev${v.dev}` : ''}${v.local ? `+${v.local.join('.')}` : ''}`
  );
}

/** Choices for writing the same version another way PEP 440 accepts. */
type Spelling = {
  v: string;
  zeroEpoch: boolean;
  pad: number[];
  extraZeros: number;
  preWord: number;
  sep: string[];
  omitZero: boolean;
  implicitPost: boolean;
  postWord: string;
  localSep: string;
  textCase: 'lower' | 'upper' | 'mixed';
};
const sepArb = fc.constantFrom('', '.', '-', '_');
const spelling: fc.Arbitrary<Spelling> = fc.record({
  v: fc.constantFrom('', 'v', 'V'),
  zeroEpoch: fc.boolean(),
  pad: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 4, maxLength: 4 }),
  extraZeros: fc.integer({ min: 0, max: 2 }),
  preWord: fc.integer({ min: 0, max: 3 }),
  sep: fc.array(sepArb, { minLength: 6, maxLength: 6 }),
  omitZero: fc.boolean(),
  implicitPost: fc.boolean(),
  postWord: fc.constantFrom('post', 'rev', 'r'),
  localSep: fc.constantFrom('.', '-', '_'),
  textCase: fc.constantFrom('lower', 'upper', 'mixed'),
});
const PRE_WORDS = { a: ['a', 'alpha', 'a', 'alpha'], b: ['b', 'beta', 'b', 'beta'], rc: ['rc', 'c', 'pre', 'preview'] };

/** The same version as `canonical(v)`, written with other words, separators, zeros and case. */
function respell(v: Parts, s: Spelling): string {
  const zeros = (n: number, i: number) => `${'0'.repeat(s.pad[i % 4]!)}${n}`;
  let out = s.v;
  if (v.epoch || s.zeroEpoch) out += `${zeros(v.epoch, 0)}!`;
  out += [...v.release.map(zeros), ...Array<string>(s.extraZeros).fill('0')].join('.');
  // "1.0a" then "-1" would read as 1.0a1, so the pre-release keeps its number before an implicit post.
  const implicitPost = s.implicitPost && v.post !== null && v.post > 0;
  if (v.pre) {
    const n = s.omitZero && v.pre[1] === 0 && !implicitPost ? '' : `${s.sep[1]}${zeros(v.pre[1], 1)}`;
    out += `${s.sep[0]}${PRE_WORDS[v.pre[0]][s.preWord]}${n}`;
  }
  if (v.post !== null) {
    if (implicitPost) out += `-${zeros(v.post, 2)}`;
    else out += `${s.sep[2]}${s.postWord}${s.omitZero && v.post === 0 ? '' : `${s.sep[3]}${zeros(v.post, 2)}`}`;
  }
  if (v.dev !== null) out += `${s.sep[4]}dev${s.omitZero && v.dev === 0 ? '' : `${s.sep[5]}${zeros(v.dev, 3)}`}`;
  if (v.local) out += `+${v.local.map((p, i) => (/^[0-9]+$/.test(p) ? zeros(Number(p), i) : p)).join(s.localSep)}`;
  if (s.textCase === 'upper') return out.toUpperCase();
  if (s.textCase === 'mixed') return [...out].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join('');
  return out;
}

const anySpelling = fc.oneof(
  parts.map(canonical),
  fc.tuple(parts, spelling).map(([v, s]) => respell(v, s)),
);

describe('our PEP 440 sort key orders exactly as @renovatebot/pep440 compare()', () => {
  it('property: the sign of compareVersions equals the sign of the library compare', () => {
    fc.assert(
      fc.property(anySpelling, anySpelling, (a, b) => {
        expect(Math.sign(compareVersions(a, b))).toBe(Math.sign(compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('property: sortVersions equals sorting with the library compare', () => {
    fc.assert(
      fc.property(fc.array(anySpelling, { maxLength: 40 }), (versions) => {
        expect(sortVersions(versions)).toEqual([...versions].sort(compare));
        expect([...versions].sort(compareVersions)).toEqual([...versions].sort(compare));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: a version written differently (zeros, words, separators, case) compares equal', () => {
    fc.assert(
      fc.property(parts, spelling, (v, s) => {
        const written = respell(v, s);
        expect(isValidVersion(written)).toBe(true);
        expect(compare(canonical(v), written)).toBe(0);
        expect(compareVersions(canonical(v), written)).toBe(0);
        expect(compareVersions(written, canonical(v))).toBe(0);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: valid versions, invalid text and their mixes order as before (library valid + compare)', () => {
    const nearVersion = fc.stringMatching(/^[v0-9.!+\-_abcdeilnoprstvwxABCDEPRV]{0,12}$/);
    const text = fc.oneof(anySpelling, nearVersion, fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(text, text, (a, b) => {
        fc.pre(!departsFromPep440(a) && !departsFromPep440(b));
        expect(isValidVersion(a)).toBe(valid(a) !== null);
        expect(Math.sign(compareVersions(a, b))).toBe(Math.sign(reference(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('equal spellings by hand', () => {
    const same = [
      ['1.0', '1.0.0'],
      ['1.0', '1'],
      ['1.0a1', '1.0.alpha1'],
      ['1.0a1', '1.0-ALPHA-1'],
      ['1.0b2', '1.0beta2'],
      ['1.0rc1', '1.0c1'],
      ['1.0rc1', '1.0.pre1'],
      ['1.0rc1', '1.0preview1'],
      ['1.0RC1', '1.0rc1'],
      ['1.0a', '1.0a0'],
      ['1.0.post1', '1.0-1'],
      ['1.0.post1', '1.0rev1'],
      ['1.0.post1', '1.0.r1'],
      ['1.0.post', '1.0.post0'],
      ['1.0.dev', '1.0.dev0'],
      ['v1.0', '1.0'],
      ['0!1.0', '1.0'],
      ['1.01', '1.1'],
      ['1.0+ABC.01', '1.0+abc-1'],
      ['1.0+abc_5', '1.0.0+abc.5'],
      ['0', '0.0.0'],
    ] as const;
    for (const [a, b] of same) {
      expect(compareVersions(a, b), `${a} == ${b}`).toBe(0);
      expect(compare(a, b), `library: ${a} == ${b}`).toBe(0);
    }
  });

  it("PEP 440's ordering example, and the special rules of dev, pre, post and local", () => {
    // "Summary of permitted suffixes and relative ordering", PEP 440, in order.
    const pep = [
      '1.dev0',
      '1.0.dev456',
      '1.0a1',
      '1.0a2.dev456',
      '1.0a12.dev456',
      '1.0a12',
      '1.0b1.dev456',
      '1.0b2',
      '1.0b2.post345.dev456',
      '1.0b2.post345',
      '1.0rc1.dev456',
      '1.0rc1',
      '1.0',
      '1.0+abc.5',
      '1.0+abc.7',
      '1.0+5',
      '1.0.post456.dev34',
      '1.0.post456',
      '1.0.15',
      '1.1.dev1',
    ];
    // A local version sorts just after its public version, so 1.0+local comes before 1.0.post0.dev0.
    const special = [
      '1.0.dev0',
      '1.0a0.dev0',
      '1.0a0',
      '1.0a0.post0.dev0',
      '1.0a0.post0',
      '1.0',
      '1.0+local',
      '1.0.post0.dev0',
      '1.0.post0',
      '1.0.post0+local',
      '1.0.1',
      '2.0',
      '1!0.1',
    ];
    for (const ordered of [pep, special]) {
      expect(sortVersions([...ordered].reverse())).toEqual(ordered);
      expect([...ordered].reverse().sort(compare)).toEqual(ordered);
      for (let i = 1; i < ordered.length; i += 1) {
        expect(compareVersions(ordered[i - 1]!, ordered[i]!), `${ordered[i - 1]} < ${ordered[i]}`).toBe(-1);
        expect(compareVersions(ordered[i]!, ordered[i - 1]!), `${ordered[i]} > ${ordered[i - 1]}`).toBe(1);
      }
    }
  });

  it('where the library departs from PEP 440, we follow PEP 440 (and Python packaging)', () => {
    // A local segment is numeric only when it is all digits; the library reads "1e5" and "0x10" with
    // JavaScript's Number() and so sorts them as 100000 and 16.
    expect(compareVersions('1.0+1e5', '1.0+2')).toBe(-1);
    expect(compareVersions('1.0+0x10', '1.0+9')).toBe(-1);
    expect(compareVersions('1.0+Infinity', '1.0+99')).toBe(-1);
    // Integers have no bound; the library rounds them to doubles past 2^53.
    expect(compareVersions('99999999999999999999', '99999999999999999998')).toBe(1);
    expect(compareVersions('1.99999999999999999999', '1.99999999999999999999.0')).toBe(0);
    expect(compareVersions('1!0.0000000000000000000001', '1!0.1')).toBe(0);
    expect(sortVersions(['1.0+1e5', '1.0+2', '1.0+abc'])).toEqual(['1.0+1e5', '1.0+abc', '1.0+2']);
  });
});
