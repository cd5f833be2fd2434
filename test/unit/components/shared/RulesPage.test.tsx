// @vitest-environment happy-dom
// The rules page is generated from ruleDocs(): one section per rule, anchored by the rule id.
import { cleanup, render } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { RulesPage } from '../../../../components/shared/RulesPage';
import { ruleDocs } from '../../../../utils/trust';

afterEach(cleanup);

describe('RulesPage', () => {
  it('renders one section per rule with its title, rationale and thresholds', () => {
    const { container } = render(<RulesPage rules={ruleDocs()} />);
    const docs = ruleDocs();
    expect(container.querySelectorAll('section')).toHaveLength(docs.length);
    for (const doc of docs) {
      const section = container.querySelector(`section#${doc.id}`);
      expect(section, doc.id).not.toBeNull();
      expect(section!.querySelector('h2')!.textContent).toBe(doc.title);
      expect(section!.textContent).toContain(doc.rationale);
      expect(section!.querySelectorAll('tbody tr')).toHaveLength(doc.thresholds.length);
    }
    expect(container.querySelector('section#release-cooldown tbody')!.textContent).toContain('72 hours');
    expect(container.querySelector('section#repository-stale tbody')!.textContent).toContain('730 days');
  });

  it('links every rule from the contents', () => {
    const { container } = render(<RulesPage rules={ruleDocs()} />);
    const hrefs = [...container.querySelectorAll('nav a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(ruleDocs().map((d) => `#${d.id}`));
  });

  it('has no axe violations', async () => {
    const { container } = render(<RulesPage rules={ruleDocs()} />);
    const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
    expect(result.violations.map((v) => v.id)).toEqual([]);
  });
});
