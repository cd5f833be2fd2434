// The rule registry: one rule per file, every rule the issue asks for, documentation drawn from the rules.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, ruleDocUrl, ruleDocs } from '../../../../utils/trust';
import { projectRoot } from '../../../support/fixtures';

const REQUIRED = [
  'malicious-package',
  'advisory-viewed',
  'advisory-latest',
  'viewed-outdated',
  'viewed-yanked',
  'project-status',
  'repository-missing',
  'repository-claimed',
  'repository-archived',
  'repository-disabled',
  'repository-stale',
  'repository-fork',
  'repository-popularity',
  'young-project',
  'release-cooldown',
  'scorecard',
  'release-gap',
  'provenance',
  'typosquat',
  'starjacking',
  'ownership-drift',
  'install-code',
  'provenance-verification',
  'provenance-continuity',
  'dependencies',
];

describe('RULES', () => {
  it('holds exactly the required rules, each once', () => {
    expect([...RULES.map((r) => r.id)].sort()).toEqual([...REQUIRED].sort());
  });

  it('has one file per rule, named after its id', () => {
    const files = readdirSync(join(projectRoot, 'utils', 'trust', 'rules')).map((f) => f.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual([...REQUIRED].sort());
  });

  it.each(RULES.map((r) => [r.id, r] as const))('%s documents itself: title, one-line rationale, explained thresholds', (_id, rule) => {
    expect(rule.title.length).toBeGreaterThan(0);
    expect(rule.rationale).not.toContain('\n');
    expect(rule.rationale.length).toBeGreaterThan(20);
    for (const t of rule.thresholds) {
      expect(t.name).toMatch(/^[A-Z][A-Z0-9_]+$/);
      expect(Number.isFinite(t.value)).toBe(true);
      expect(t.unit.length).toBeGreaterThan(0);
      expect(t.reason.length).toBeGreaterThan(10);
    }
  });
});

describe('ruleDocs / ruleDocUrl', () => {
  it('ruleDocs is the rules themselves, in order', () => {
    expect(ruleDocs()).toEqual(RULES.map(({ id, title, rationale, thresholds }) => ({ id, title, rationale, thresholds })));
    expect(ruleDocs().find((d) => d.id === 'release-cooldown')?.thresholds).toEqual([
      expect.objectContaining({ name: 'COOLDOWN_HOURS', value: 72, unit: 'hours' }),
    ]);
  });

  it.each([
    ['chrome-extension://abcdef/rules.html', 'chrome-extension://abcdef/rules.html#scorecard'],
    ['moz-extension://1234/rules.html#young-project', 'moz-extension://1234/rules.html#scorecard'],
  ])('ruleDocUrl(scorecard, %s)', (base, expected) => {
    expect(ruleDocUrl('scorecard', base)).toBe(expected);
  });
});
