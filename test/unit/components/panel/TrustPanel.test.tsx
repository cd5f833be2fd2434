// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TrustPanel } from '../../../../components/panel/TrustPanel';
import { NOW, failed, ok, rateLimited, syntheticReport, syntheticRepositoryFacts } from '../synthetic-facts';

afterEach(cleanup);

const ruleUrl = (rule: string) => `https://example.org/rules#${rule}`;

function panel() {
  return screen.getByTestId('trust-panel');
}

describe('<TrustPanel> with a report', () => {
  it('is a labelled, focusable region with the verdict in its header', () => {
    render(<TrustPanel report={syntheticReport()} loading={false} error={null} ruleUrl={ruleUrl} nowMs={NOW} />);
    const root = panel();
    expect(root.tagName).toBe('SECTION');
    expect(screen.getByRole('region', { name: 'PyPI Trust Panel' })).toBe(root);
    expect(root.getAttribute('tabindex')).toBe('-1');
    expect(root.querySelector('[data-fact="verdict-word"]')!.textContent).toContain('Caution');
    expect(root.querySelector('[data-fact="verdict-headline"]')!.textContent).toBe('Synthetic caution finding');
    expect(root.querySelector('header')!.getAttribute('data-level')).toBe('caution');
    expect(root.textContent).toContain('checked 2 minutes ago');
  });

  it('lists findings worst first, each with evidence and a "Why this rule?" link', () => {
    render(<TrustPanel report={syntheticReport()} loading={false} error={null} ruleUrl={ruleUrl} nowMs={NOW} />);
    const findings = [...panel().querySelectorAll('[data-rule]')];
    expect(findings.map((f) => f.getAttribute('data-rule'))).toEqual(['advisory-latest', 'repository-verified']);
    expect(findings[0]!.textContent).toContain('Caution');
    expect(findings[1]!.textContent).toContain('Good');
    expect(findings[1]!.querySelector('a[href="https://deps.dev/pypi/luigi"]')).not.toBeNull();
    const why = screen.getAllByRole('link', { name: 'Why this rule?' });
    expect(why.map((a) => a.getAttribute('href'))).toEqual([
      'https://example.org/rules#advisory-latest',
      'https://example.org/rules#repository-verified',
    ]);
  });

  it("puts each finding in its facet's section, worst first, its explanation behind a closed 'why'; the worst facet's section alone is open", () => {
    const report = syntheticReport({
      findings: [
        { rule: 'repository-stale', level: 'info', title: 'Stale', detail: 'Not pushed for a long time.', evidence: [] },
        { rule: 'advisory-latest', level: 'caution', title: 'Advisory on latest', detail: 'An advisory.', evidence: [] },
        { rule: 'repository-archived', level: 'caution', title: 'Archived', detail: 'The repository is archived.', evidence: [] },
      ],
    });
    render(<TrustPanel report={report} loading={false} error={null} ruleUrl={ruleUrl} nowMs={NOW} />);
    const rules = (id: string) =>
      [...panel().querySelectorAll(`[data-section="${id}"] [data-rule]`)].map((f) => f.getAttribute('data-rule'));
    expect(rules('repository')).toEqual(['repository-archived', 'repository-stale']);
    expect(rules('advisories')).toEqual(['advisory-latest']);
    // Nothing between the summary and the first section.
    expect(panel().querySelector('[data-testid="facet-summary"]')!.nextElementSibling!.getAttribute('data-section')).toBe('repository');
    const finding = panel().querySelector('[data-rule="repository-archived"]')!;
    expect(finding.querySelector('.tp-finding__title')!.textContent).toContain('Archived');
    const why = finding.querySelector('details.tp-finding__why')!;
    expect(why.hasAttribute('open')).toBe(false);
    expect(why.querySelector('summary')!.textContent).toBe('why');
    expect(why.querySelector('.tp-finding__detail')!.textContent).toContain('The repository is archived.');
    // Advisories and Repository are both at caution: the first in summary order (Advisories) opens.
    const open = [...panel().querySelectorAll('[data-section]')]
      .filter((s) => s.hasAttribute('open'))
      .map((s) => s.getAttribute('data-section'));
    expect(open).toEqual(['advisories']);
  });

  it('opens no section by itself when every facet is good or unchecked', () => {
    render(<TrustPanel report={syntheticReport({ findings: [] })} loading={false} error={null} ruleUrl={ruleUrl} nowMs={NOW} />);
    expect(panel().querySelectorAll('[data-section][open]')).toHaveLength(0);
  });

  it('accepts rule pages inside the extension', () => {
    render(
      <TrustPanel
        report={syntheticReport()}
        loading={false}
        error={null}
        ruleUrl={(rule) => `chrome-extension://abcdefghijklmnopabcdefghijklmnop/rules.html#${rule}`}
        nowMs={NOW}
      />,
    );
    expect(screen.getAllByRole('link', { name: 'Why this rule?' })[0]!.getAttribute('href')).toBe(
      'chrome-extension://abcdefghijklmnopabcdefghijklmnop/rules.html#advisory-latest',
    );
  });

  it('renders the four sections in order, each with its own state', () => {
    const report = syntheticReport({ repository: failed(rateLimited), provenance: { state: 'disabled' } });
    render(<TrustPanel report={report} loading={false} error={null} ruleUrl={ruleUrl} nowMs={NOW} />);
    const sections = [...panel().querySelectorAll('[data-section]')];
    expect(sections.map((s) => [s.getAttribute('data-section'), s.getAttribute('data-state')])).toEqual([
      ['repository', 'error'],
      ['releases', 'ok'],
      ['advisories', 'ok'],
      ['provenance', 'disabled'],
    ]);
  });

  it('says so when there are no findings', () => {
    render(<TrustPanel report={syntheticReport({ findings: [] })} loading={false} error={null} ruleUrl={ruleUrl} nowMs={NOW} />);
    expect(panel().textContent).toContain('No findings');
  });
});

describe('<TrustPanel> without a report', () => {
  it('shows a loading header and four loading sections', () => {
    render(<TrustPanel report={null} loading error={null} ruleUrl={ruleUrl} />);
    const root = panel();
    expect(root.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('header')!.getAttribute('data-level')).toBe('loading');
    expect(root.textContent).toContain('Checking');
    expect([...root.querySelectorAll('[data-state="loading"]')]).toHaveLength(4);
  });

  it('with the early sections: repository, releases and advisories final, provenance and the verdict still loading', () => {
    const full = syntheticReport();
    const repository = syntheticRepositoryFacts();
    const early = {
      package: full.package,
      releases: full.releases,
      advisories: full.advisories,
      repository: ok({ ...repository, verification: { status: 'claimed' as const, evidence: [], pending: 'attestations' as const } }),
      generatedAt: full.generatedAt,
    };
    render(<TrustPanel report={null} loading error={null} ruleUrl={ruleUrl} early={early} nowMs={NOW} />);
    const root = panel();
    expect(root.getAttribute('aria-busy')).toBe('true');
    expect(root.querySelector('header')!.getAttribute('data-level')).toBe('loading');
    const states = Object.fromEntries(
      [...root.querySelectorAll('[data-section]')].map((s) => [s.getAttribute('data-section'), s.getAttribute('data-state')]),
    );
    expect(states).toEqual({ repository: 'ok', releases: 'ok', advisories: 'ok', provenance: 'loading' });
    // Not "Claimed": the attestations that could verify the link are still being checked.
    const verification = root.querySelector('[data-fact="verification"]')!;
    expect(verification.getAttribute('data-status')).toBe('checking');
    expect(verification.textContent).toContain('Checking');
    expect(verification.textContent).not.toContain('Claimed');
    // No findings before the verdict.
    expect(root.querySelectorAll('[data-rule]')).toHaveLength(0);
  });

  it('shows a whole-report error with a retry', () => {
    const onRetry = vi.fn();
    render(<TrustPanel report={null} loading={false} error="The background did not answer" ruleUrl={ruleUrl} onRetry={onRetry} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('Could not check this package');
    expect(alert.textContent).toContain('The background did not answer');
    expect(panel().querySelector('header')!.getAttribute('data-level')).toBe('unknown');
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledOnce();
  });

  it('is never blank', () => {
    render(<TrustPanel report={null} loading={false} error={null} ruleUrl={ruleUrl} />);
    expect(panel().textContent).toContain('No report yet');
  });
});
