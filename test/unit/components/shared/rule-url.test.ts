import { describe, expect, it } from 'vitest';
import { rulePageUrl } from '../../../../components/shared/rule-url';

describe('rulePageUrl', () => {
  const ruleUrl = rulePageUrl((path) => `chrome-extension://abcdef${path}`);

  it("links the rule's section of the extension's rules page", () => {
    expect(ruleUrl('release-cooldown')).toBe('chrome-extension://abcdef/rules.html#release-cooldown');
  });

  it('encodes the rule id, so it cannot end the fragment or add a query', () => {
    expect(ruleUrl('a b#c?d')).toBe('chrome-extension://abcdef/rules.html#a%20b%23c%3Fd');
  });
});
