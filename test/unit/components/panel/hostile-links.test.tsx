// @vitest-environment happy-dom
// Synthetic hostile facts: every URL field holds a non-https URL and remote strings carry markup.
// Nothing may become a link but https:, nothing may become markup.
import { cleanup, render } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { TrustPanel } from '../../../../components/panel/TrustPanel';
import type { Report } from '../../../../utils/contract/report';
import {
  NOW,
  luigiReleases,
  ok,
  syntheticAdvisory,
  syntheticAdvisoryFacts,
  syntheticFile,
  syntheticGithubRepo,
  syntheticProvenanceFacts,
  syntheticReport,
  syntheticRepositoryFacts,
} from '../synthetic-facts';

afterEach(cleanup);

const HOSTILE_URLS = [
  'javascript:alert(document.domain)',
  'JAVASCRIPT:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'http://evil.example/',
  'vbscript:msgbox(1)',
];
const MARKUP = '<img src=x onerror=alert(1)><script>alert(2)</script>';

function hostileReport(url: string): Report {
  const link = { host: 'github' as const, url, owner: MARKUP, name: 'x', subPath: null, label: MARKUP };
  const repository = syntheticRepositoryFacts({
    link,
    candidates: [link],
    verification: { status: 'verified', evidence: [{ kind: 'page', detail: MARKUP, url }] },
    github: ok(syntheticGithubRepo({ htmlUrl: url, description: MARKUP, isFork: true, parentFullName: 'a/b', renamedFrom: MARKUP })),
    depsDevProject: ok({
      projectKey: MARKUP,
      stars: 1,
      forks: 1,
      openIssues: 1,
      url,
      scorecard: { score: 1, date: null, checks: [{ name: MARKUP, score: 0, reason: MARKUP, url }] },
    }),
  });
  return syntheticReport({
    repository: ok(repository),
    releases: ok({ ...luigiReleases(), projectUrl: url, homePage: url, summary: MARKUP }),
    advisories: ok(
      syntheticAdvisoryFacts([
        syntheticAdvisory({ url, summary: MARKUP, aliases: [MARKUP] }),
        syntheticAdvisory({ id: 'MAL-x', url, malicious: true, withdrawn: null }),
        syntheticAdvisory({ id: 'GHSA-withdrawn', url, withdrawn: '2024-01-01T00:00:00Z' }),
      ]),
    ),
    provenance: ok(
      syntheticProvenanceFacts({
        projectStatus: { status: 'archived', reason: MARKUP },
        files: [
          syntheticFile({
            filename: MARKUP,
            provenanceUrl: url,
            publishers: [{ kind: MARKUP, repository: MARKUP, workflow: 'w.yml', environment: MARKUP, email: null, url }],
          }),
        ],
      }),
    ),
    findings: [{ rule: 'malicious-package', level: 'danger', title: MARKUP, detail: MARKUP, evidence: [{ label: MARKUP, url }] }],
    verdict: { level: 'danger', headline: MARKUP },
  });
}

describe.each(HOSTILE_URLS)('hostile URL %s', (url) => {
  it('never becomes an href, and markup stays text', () => {
    const { container } = render(<TrustPanel report={hostileReport(url)} loading={false} error={null} ruleUrl={() => url} nowMs={NOW} />);
    const hrefs = [...container.querySelectorAll('[href], [src], [xlink\\:href]')].map(
      (el) => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('xlink:href'),
    );
    // Only the fork parent (built from a safe base) and the recorded pypi links stay: all https.
    expect(hrefs).toContain('https://github.com/a/b');
    for (const href of hrefs) expect(href).toMatch(/^https:\/\//);
    expect(hrefs).not.toContain(url);
    expect(container.querySelector('img, script, iframe, object')).toBeNull();
    expect(container.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(container.querySelector('[data-rule] a.tp-why')).toBeNull();
    for (const anchor of container.querySelectorAll('a')) {
      expect(anchor.getAttribute('rel')).toBe('noopener noreferrer');
      expect(anchor.getAttribute('target')).toBe('_blank');
    }
  });
});

describe('long remote strings', () => {
  it('are truncated with a toggle in findings and advisories', () => {
    const long = `${'very long remote text '.repeat(40)}TAIL`;
    const report = syntheticReport({
      findings: [{ rule: 'r', level: 'info', title: 'T', detail: long, evidence: [] }],
      advisories: ok(syntheticAdvisoryFacts([syntheticAdvisory({ summary: long })])),
    });
    const { container } = render(
      <TrustPanel report={report} loading={false} error={null} ruleUrl={() => 'https://example.org/'} nowMs={NOW} />,
    );
    expect(container.textContent).not.toContain('TAIL');
    expect(container.querySelectorAll('button[aria-expanded="false"]').length).toBeGreaterThanOrEqual(2);
  });
});
