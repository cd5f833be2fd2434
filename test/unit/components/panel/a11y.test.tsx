// @vitest-environment happy-dom
// axe-core over the rendered badge and panel: structure and ARIA only (happy-dom has no layout, so
// colour contrast is not checked here; the colours are chosen for AA in styles.css).
import { cleanup, render } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustBadge } from '../../../../components/panel/TrustBadge';
import { TrustPanel } from '../../../../components/panel/TrustPanel';
import { NOW, failed, ok, rateLimited, syntheticAdvisory, syntheticAdvisoryFacts, syntheticReport } from '../synthetic-facts';

afterEach(cleanup);

async function violations(container: Element): Promise<string[]> {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

describe('accessibility', () => {
  it('axe does find problems in this environment (the checks below are not vacuous)', async () => {
    const { container } = render(
      <div>
        <button type="button" aria-describedby="nowhere" />
      </div>,
    );
    expect((await violations(container)).join()).toMatch(/button-name/);
  });

  it('the panel with a full report has no axe violations', async () => {
    const report = syntheticReport({
      repository: failed(rateLimited),
      advisories: ok(syntheticAdvisoryFacts([syntheticAdvisory(), syntheticAdvisory({ id: 'MAL-1', malicious: true })])),
    });
    const { container } = render(
      <TrustPanel report={report} loading={false} error={null} ruleUrl={() => 'https://example.org/'} nowMs={NOW} />,
    );
    expect(await violations(container)).toEqual([]);
  });

  it('the loading panel and the badge have no axe violations', async () => {
    const { container } = render(
      <div>
        <TrustBadge verdict={{ level: 'caution', headline: 'Repository is archived' }} />
        <TrustPanel report={null} loading error={null} ruleUrl={() => 'https://example.org/'} />
      </div>,
    );
    expect(await violations(container)).toEqual([]);
  });
});
