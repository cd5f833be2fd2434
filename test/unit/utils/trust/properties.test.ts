// Properties of the whole judgement on arbitrary, partly hostile facts (fast-check).
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { safeHttpsUrl } from '../../../../utils/lib/safe-url';
import { RULES, judge, verdict, worstLevel } from '../../../../utils/trust';
import { levelRank } from '../../../../utils/contract/levels';
import { uncheckedSections } from '../../../../utils/trust/verdict';
import { finding, now, trustInput } from './arbitraries';

const runs = { numRuns: 300 };

describe('every rule on arbitrary facts', () => {
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: findings carry https evidence and their rule id', (id, rule) => {
    fc.assert(
      fc.property(trustInput, now, (input, at) => {
        for (const f of rule.evaluate(input, { now: at })) {
          expect(f.rule).toBe(id);
          expect(f.title.length).toBeGreaterThan(0);
          expect(f.evidence.length).toBeGreaterThanOrEqual(1);
          for (const e of f.evidence) {
            expect(e.url.startsWith('https:')).toBe(true);
            expect(safeHttpsUrl(e.url)).toBe(e.url);
          }
        }
      }),
      runs,
    );
  });
  it.each(RULES.map((rule) => [rule.id, rule] as const))('%s: the generators reach it (the property above is not vacuous)', (_id, rule) => {
    const samples = fc.sample(fc.tuple(trustInput, now), { numRuns: 3000, seed: 42 });
    expect(samples.some(([input, at]) => rule.evaluate(input, { now: at }).length > 0)).toBe(true);
  });
});

describe('verdict', () => {
  it('is never better than its worst finding', () => {
    fc.assert(
      fc.property(trustInput, now, (input, at) => {
        const { findings, verdict: v } = judge(input, { now: at });
        expect(levelRank(v.level)).toBeGreaterThanOrEqual(levelRank(worstLevel(findings)));
      }),
      runs,
    );
  });

  it('adding a finding never improves it', () => {
    fc.assert(
      fc.property(trustInput, fc.array(finding, { maxLength: 5 }), finding, (input, findings, extra) => {
        const before = verdict(input, findings);
        const after = verdict(input, [...findings, extra]);
        expect(levelRank(after.level)).toBeGreaterThanOrEqual(levelRank(before.level));
      }),
      runs,
    );
  });

  it('never says "good" when a section was not checked, and names it', () => {
    fc.assert(
      fc.property(trustInput, now, (input, at) => {
        const unchecked = uncheckedSections(input);
        const { verdict: v } = judge(input, { now: at });
        if (unchecked.length === 0) return;
        expect(v.level).not.toBe('good');
        expect(v.headline).toContain(`not checked: ${unchecked.join(', ')}`);
      }),
      runs,
    );
  });

  it('a danger verdict names its cause: the title of a danger finding is in the headline', () => {
    fc.assert(
      fc.property(trustInput, now, (input, at) => {
        const { findings, verdict: v } = judge(input, { now: at });
        if (v.level !== 'danger') return;
        const causes = findings.filter((f) => f.level === 'danger').map((f) => f.title.slice(1));
        expect(causes.some((title) => v.headline.includes(title))).toBe(true);
      }),
      runs,
    );
  });

  it('findings are sorted worst first', () => {
    fc.assert(
      fc.property(trustInput, now, (input, at) => {
        const ranks = judge(input, { now: at }).findings.map((f) => levelRank(f.level));
        expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      }),
      runs,
    );
  });
});

describe('no hidden clock', () => {
  afterEach(() => vi.useRealTimers());

  it('the same facts and ctx.now give the same judgement whatever the system time', () => {
    fc.assert(
      fc.property(trustInput, now, (input, at) => {
        vi.useFakeTimers({ now: new Date('2001-01-01T00:00:00Z') });
        const early = judge(input, { now: at });
        vi.setSystemTime(new Date('2029-12-31T00:00:00Z'));
        const late = judge(input, { now: at });
        vi.useRealTimers();
        expect(late).toEqual(early);
      }),
      { numRuns: 100 },
    );
  });
});
