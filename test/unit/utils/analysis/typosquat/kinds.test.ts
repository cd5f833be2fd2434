// Each kind of resemblance on real names: malicious uploads recorded in ossf/malicious-packages (cited in
// test/fixtures/eval/malicious-names.json) against the recorded top list, and real popular projects
// (ranks 10,001–15,000 of that list) checked against its top 10,000 the way `npm run eval` does.
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat, FILLER_WORDS } from '../../../../../utils/analysis/typosquat';
import { normaliseTopPackages } from '../../../../../utils/sources/top-packages';
import type { TopPackages } from '../../../../../utils/contract/report';
import { readRecorded } from '../../../../support/fixtures';

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;
const index = buildTyposquatIndex(top);
const first10k: TopPackages = { ...top, names: top.names.slice(0, 10_000), downloads: top.downloads.slice(0, 10_000) };
const reference = buildTyposquatIndex(first10k);

const first = (name: string, against = index) => {
  const c = checkTyposquat(name, against).candidates[0];
  return c ? { name: c.name, kind: c.kind, distance: c.distance, partner: c.partner?.name, filler: c.filler } : null;
};

describe('kinds, on recorded malicious names', () => {
  it.each([
    // [malicious name, the popular name, kind, edit distance]
    ['fakeuseragent', 'fake-useragent', 'separators', 0],
    ['matploltib', 'matplotlib', 'transposition', 1],
    ['pycparserr', 'pycparser', 'doubled-letter', 1],
    ['urllib33', 'urllib3', 'doubled-letter', 1],
    ['bitcoinlb', 'bitcoinlib', 'edit', 1],
    ['0requests', 'requests', 'edit', 1],
    ['colorama-py', 'colorama', 'affix', 0],
    ['pythonhttpx', 'httpx', 'affix', 0],
    ['coloramas', 'colorama', 'plural', 0],
  ] as const)('%s → %s (%s)', (squat, target, kind, distance) => {
    expect(top.names).not.toContain(squat);
    expect(first(squat)).toMatchObject({ name: target, kind, distance });
  });

  it.each([
    ['requests-pandas', 'requests', 'pandas'],
    ['matplotlib-flask', 'flask', 'matplotlib'],
    ['beautifulsoup-requests', 'requests', 'beautifulsoup4'],
  ])('%s joins two popular names: %s and %s (combo-names)', (squat, target, partner) => {
    expect(first(squat)).toEqual({ name: target, kind: 'combo-names', distance: 0, partner, filler: undefined });
  });

  it.each([
    ['install-pytest', 'pytest', 'install'],
    ['sys-selenium', 'selenium', 'sys'],
    ['print-django', 'django', 'print'],
    ['sqlalchemy-install', 'sqlalchemy', 'install'],
    ['easyrequests', 'requests', 'easy'],
    ['cryptographylib', 'cryptography', 'lib'],
  ])('%s adds a filler word to %s ("%s", combo-filler)', (squat, target, filler) => {
    expect(first(squat)).toMatchObject({ name: target, kind: 'combo-filler', filler });
    expect(FILLER_WORDS).toContain(filler);
  });

  it('multiplerequests glues a word to a top-100 name (combo-word)', () => {
    expect(first('multiplerequests')).toMatchObject({ name: 'requests', kind: 'combo-word', filler: 'multiple' });
  });

  it('pyhttpxhelp: a top-100 name and a word behind a Python affix', () => {
    expect(first('pyhttpxhelp')).toMatchObject({ name: 'httpx', kind: 'combo-word', filler: 'help' });
  });
});

describe('kinds the issue names, on the names it gives', () => {
  it.each([
    ['requstsss', 'requests', 'edit', 2], // a dropped letter and a doubled one: two edits on a 9-letter name
    ['aiohtttps', 'aiohttp', 'edit', 2],
    ['matlibplot', 'matplotlib', 'word-order', 0],
    ['kers', 'keras', 'edit', 1], // a short name: a letter dropped from a top-3,000 name
    ['python3-flask', 'flask', 'affix', 0],
    ['pygame-install', 'pygame', 'combo-filler', 0],
    ['py-dateutil', 'python-dateutil', 'py-swap', 0],
  ] as const)('%s → %s (%s)', (squat, target, kind, distance) => {
    expect(first(squat)).toMatchObject({ name: target, kind, distance });
  });
});

describe('look-alike characters', () => {
  it('reads digits as the letters they imitate: djang0 (synthetic) → django', () => {
    expect(first('djang0')).toMatchObject({ name: 'django', kind: 'look-alike', distance: 0 });
  });
});

describe('real popular projects the check no longer names a candidate for', () => {
  // Each is listed at rank 10,001–15,000 and was "Did you mean …?" before; the reason is the rule that stops it.
  it.each([
    ['edlib', 'a letter added before "dlib" (a niche name) is naming, not a slip'],
    ['pymem', 'after a shared "py", "mem" is too short to have no neighbours'],
    ['types-boto3-sts', 'another short word of a family ("s3", "sts")'],
    ['netifaces2', 'a version digit'],
    ['paddle', 'a last letter ("paddlex") of a name outside the top 2,000'],
    ['torchsummary', null],
  ])('%s: %s', (name, why) => {
    expect(top.names.indexOf(name)).toBeGreaterThanOrEqual(10_000);
    if (why === null) expect(first(name, reference)).toMatchObject({ name: 'torch-summary', kind: 'separators' });
    else expect(first(name, reference)).toBeNull();
  });

  it('mockredispy (two names behind an affix, how wrappers are named) is no combosquat', () => {
    expect(first('mockredispy', reference)).toBeNull();
  });

  it('names no one of a framework namespace as a combosquat (pytest-django-style plugins)', () => {
    for (const name of ['pytest-click', 'django-celery', 'flask-alembic']) expect(first(name, reference)?.kind).not.toBe('combo-names');
  });

  it('short names meet only look-alikes, swaps and a dropped letter of a top-3,000 name', () => {
    expect(first('sixx')).toBeNull(); // a doubled letter of "six": every short name has such neighbours
    expect(first('cick')).toMatchObject({ name: 'click', kind: 'edit' });
    expect(first('vper')).toBeNull(); // vyper is rank 9,408: not far more popular
  });
});
