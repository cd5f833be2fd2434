// Weak candidates: resemblances that real projects share so often that the typosquat rule reports them only
// beside a second signal (a new project). Malicious names are recorded in ossf/malicious-packages (cited in
// test/fixtures/eval/malicious-names.json); benign ones are ranks 10,001–15,000 of the recorded top list,
// checked against its top 10,000 the way `npm run eval` does.
import { describe, expect, it } from 'vitest';
import { buildTyposquatIndex, checkTyposquat, type TyposquatIndex } from '../../../../../utils/analysis/typosquat';
import { normaliseTopPackages } from '../../../../../utils/sources/top-packages';
import type { TopPackages } from '../../../../../utils/contract/report';
import { readRecorded } from '../../../../support/fixtures';

const top = normaliseTopPackages(readRecorded('data/top-pypi-packages.json'))!;
const index = buildTyposquatIndex(top);
const first10k: TopPackages = { ...top, names: top.names.slice(0, 10_000), downloads: top.downloads.slice(0, 10_000) };
const reference = buildTyposquatIndex(first10k);

const brief = (c: { name: string; kind: string; distance: number; filler?: string; partner?: { name: string } }) => ({
  name: c.name,
  kind: c.kind,
  distance: c.distance,
  ...(c.filler !== undefined ? { filler: c.filler } : {}),
  ...(c.partner ? { partner: c.partner.name } : {}),
});
const check = (name: string, against: TyposquatIndex = index) => {
  const facts = checkTyposquat(name, against);
  return { candidates: facts.candidates.map(brief), weak: (facts.weak ?? []).map(brief) };
};

describe('weak candidates on recorded malicious names', () => {
  it.each([
    ['stripe-client', { name: 'stripe', kind: 'combo-word', distance: 0, filler: 'client' }],
    ['twilio-rest', { name: 'twilio', kind: 'combo-word', distance: 0, filler: 'rest' }],
    ['discordpy-v3', { name: 'discord-py', kind: 'combo-word', distance: 0, filler: 'v3' }],
    ['seleniumwebdriver', { name: 'selenium', kind: 'combo-word', distance: 0, filler: 'webdriver' }],
    ['google-requests', { name: 'requests', kind: 'combo-names', distance: 0, partner: 'google' }],
    ['bip-utjls', { name: 'bip-utils', kind: 'edit', distance: 1 }],
    ['cstmotkinter', { name: 'customtkinter', kind: 'edit', distance: 2 }],
    ['kcalendar', { name: 'tkcalendar', kind: 'edit', distance: 1 }],
    ['wb3', { name: 'web3', kind: 'edit', distance: 1 }],
    ['wdb3', { name: 'web3', kind: 'edit', distance: 1 }],
  ])('%s: no candidate on the name alone, a weak one', (name, weak) => {
    expect(top.names).not.toContain(name);
    expect(check(name)).toEqual({ candidates: [], weak: [weak] });
  });

  it('browser-cookies3: a letter added beside a version digit is a slip of browser-cookie3, not a version sibling', () => {
    expect(check('browser-cookies3')).toEqual({ candidates: [{ name: 'browser-cookie3', kind: 'edit', distance: 1 }], weak: [] });
  });
});

describe('real projects: weak at most, or nothing', () => {
  it.each([
    ['cronitor', { name: 'croniter', kind: 'edit', distance: 1 }], // a far key (o for e): another word
    ['distribute', { name: 'distributed', kind: 'edit', distance: 1 }], // a dropped last letter
    ['edlib', { name: 'dlib', kind: 'edit', distance: 1 }], // an added first letter on a neighbouring key
    ['docutils-stubs', { name: 'docutils', kind: 'combo-word', distance: 0, filler: 'stubs' }],
  ])('%s: only a weak candidate', (name, weak) => {
    expect(top.names.indexOf(name)).toBeGreaterThanOrEqual(10_000);
    expect(check(name, reference)).toEqual({ candidates: [], weak: [weak] });
  });

  it.each([
    ['fastapi-profiler'], // fastapi has a dozen listed "fastapi-…" plugins
    ['flake8-html'], // so has flake8
    ['requests-negotiate-sspi'], // more than one word beside the popular name
    ['netifaces2'], // a version digit at the end
    ['cupy-cuda11x'], // a sibling word that differs only in its digits
  ])('%s: nothing, not even weak', (name) => {
    expect(top.names.indexOf(name)).toBeGreaterThanOrEqual(10_000);
    expect(check(name, reference)).toEqual({ candidates: [], weak: [] });
  });

  it('omits the weak list when there is none', () => {
    expect(checkTyposquat('octocheese', index)).toEqual({ listed: false, rank: null, candidates: [] });
  });
});
