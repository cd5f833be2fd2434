// @vitest-environment happy-dom
// The project page's view with a fake background: what it asks and in which order, what the badge and the
// panel show at each answer, and when each renders (the badge first; the panel a frame later after a change).
import type { ComponentProps } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type AskBackground, type ProjectViewUi, startProjectView } from '../../../../components/panel/project-view';
import type { TrustBadge as RealBadge } from '../../../../components/panel/TrustBadge';
import type { TrustPanel as RealPanel } from '../../../../components/panel/TrustPanel';
import type { Message } from '../../../../utils/contract/messages';
import type { EarlyReport, Report } from '../../../../utils/contract/report';
import { syntheticReport } from '../synthetic-facts';

// Every render of the badge and the panel, with its props: the real components render inside the spies.
const renders = vi.hoisted(() => ({ badge: [] as unknown[], panel: [] as unknown[] }));
vi.mock('../../../../components/panel/TrustBadge', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../components/panel/TrustBadge')>();
  return {
    ...real,
    TrustBadge: (props: ComponentProps<typeof RealBadge>) => {
      renders.badge.push(props);
      return <real.TrustBadge {...props} />;
    },
  };
});
vi.mock('../../../../components/panel/TrustPanel', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../../components/panel/TrustPanel')>();
  return {
    ...real,
    TrustPanel: (props: ComponentProps<typeof RealPanel>) => {
      renders.panel.push(props);
      return <real.TrustPanel {...props} />;
    },
  };
});

type BadgeProps = ComponentProps<typeof RealBadge>;
type PanelProps = ComponentProps<typeof RealPanel>;
const badgeRenders = () => renders.badge as BadgeProps[];
const panelRenders = () => renders.panel as PanelProps[];
const lastPanel = () => panelRenders().at(-1)!;

type Deferred<T> = { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void };
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A background that answers each message only when the test says so. */
function fakeBackground() {
  const sent: Message[] = [];
  const answers: Deferred<unknown>[] = [];
  const ask = ((message: Message) => {
    sent.push(message);
    const answer = deferred<unknown>();
    answers.push(answer);
    return answer.promise;
  }) as AskBackground;
  /** The answer to the n-th message of that type (0 = the first). */
  const answer = (type: Message['type'], n = 0) => answers.filter((_, i) => sent[i]!.type === type)[n]!;
  return { ask, sent, answer, types: () => sent.map((m) => m.type) };
}

const QUERY = { name: 'luigi', version: '3.6.0', pageHints: { shownVersion: '3.6.0', verifiedUrls: [], projectLinks: [] } };
/** A report whose deferred sections are already in: the view asks for neither. */
const withCode = (): Report => syntheticReport({ code: { state: 'disabled' }, dependencies: { state: 'disabled' } });
const early = (): EarlyReport => {
  const { package: pkg, repository, releases, advisories, generatedAt } = syntheticReport();
  return { package: pkg, repository, releases, advisories, generatedAt };
};

let badge: HTMLElement;
let panel: HTMLElement;
let frames: (() => void)[];
let scrolled: number;
function ui(): ProjectViewUi {
  return {
    badge: () => badge,
    panel: () => panel,
    ruleUrl: (rule) => `chrome-extension://test/rules.html#${rule}`,
    afterNextPaint: (task) => void frames.push(task),
    scrollToPanel: () => void scrolled++,
  };
}
/** Lets the answers given so far reach the view. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
/** The frame is painted: runs what waited for it. */
const paintFrame = () => frames.splice(0).forEach((task) => task());

beforeEach(() => {
  renders.badge = [];
  renders.panel = [];
  frames = [];
  scrolled = 0;
  badge = document.body.appendChild(document.createElement('span'));
  panel = document.body.appendChild(document.createElement('div'));
});
afterEach(() => document.body.replaceChildren());

describe('project view: what it asks, and in which order', () => {
  it('sends getEarlyReport, then getReport, with the page query, before any UI exists', () => {
    const bg = fakeBackground();
    startProjectView(bg.ask, QUERY);
    expect(bg.sent).toEqual([
      { type: 'getEarlyReport', ...QUERY },
      { type: 'getReport', ...QUERY },
    ]);
    expect(badgeRenders()).toHaveLength(0);
    expect(panelRenders()).toHaveLength(0);
  });

  it('renders nothing before show(), even when the early answer comes first; show() renders it with the placeholders', async () => {
    const bg = fakeBackground();
    const view = startProjectView(bg.ask, QUERY);
    const sections = early();
    bg.answer('getEarlyReport').resolve(sections);
    await settle();
    expect(panelRenders()).toHaveLength(0);
    void view.show(ui());
    expect(badgeRenders()).toEqual([expect.objectContaining({ verdict: null, loading: true })]);
    expect(panelRenders()).toEqual([expect.objectContaining({ report: null, loading: true, early: sections })]);
    expect(bg.types()).toEqual(['getEarlyReport', 'getReport']);
  });
});

describe('project view: early sections, then the report', () => {
  it('shows the early sections while loading, then the report in their place', async () => {
    const bg = fakeBackground();
    const view = startProjectView(bg.ask, QUERY);
    void view.show(ui());
    expect(lastPanel()).toMatchObject({ report: null, loading: true, error: null });
    expect(lastPanel().early).toBeUndefined();

    const sections = early();
    bg.answer('getEarlyReport').resolve(sections);
    await settle();
    expect(lastPanel()).toMatchObject({ report: null, loading: true, early: sections });

    const report = withCode();
    bg.answer('getReport').resolve(report);
    await settle();
    paintFrame();
    expect(lastPanel()).toMatchObject({ report, loading: false, error: null });
    expect(lastPanel().early).toBeUndefined();
    expect(badge.querySelector('[data-testid="trust-badge"]')!.getAttribute('data-level')).toBe('caution');
    expect(panel.querySelector('[data-testid="trust-panel"] [data-fact="verdict-word"]')!.textContent).toContain('Caution');
  });

  it('ignores an early answer that comes after the report', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    const report = withCode();
    bg.answer('getReport').resolve(report);
    await settle();
    paintFrame();
    const count = panelRenders().length;
    bg.answer('getEarlyReport').resolve(early());
    await settle();
    paintFrame();
    expect(panelRenders()).toHaveLength(count);
    expect(panelRenders().every((props) => !props.early)).toBe(true);
    expect(lastPanel()).toMatchObject({ report, loading: false });
  });

  it('an early answer of null (no early stage) renders nothing new', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    const count = panelRenders().length;
    bg.answer('getEarlyReport').resolve(null);
    await settle();
    expect(panelRenders()).toHaveLength(count);
  });
});

describe('project view: a failed report and its retry', () => {
  it('shows the error; Try again asks getReport once more (not the early answer) and shows its report', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    bg.answer('getEarlyReport').resolve(early());
    await settle();
    expect(lastPanel().early).toBeTruthy();

    bg.answer('getReport').reject(new Error('The extension background did not answer'));
    await settle();
    paintFrame();
    expect(lastPanel()).toMatchObject({ report: null, loading: false, error: 'The extension background did not answer' });
    expect(lastPanel().early).toBeFalsy();
    expect(badgeRenders().at(-1)).toMatchObject({ verdict: null, loading: false });
    expect(badge.querySelector('[data-testid="trust-badge"]')!.getAttribute('data-level')).toBe('unknown');

    lastPanel().onRetry!();
    expect(bg.types()).toEqual(['getEarlyReport', 'getReport', 'getReport']);
    paintFrame();
    expect(lastPanel()).toMatchObject({ report: null, loading: true, error: null, early: null });

    const report = withCode();
    bg.answer('getReport', 1).resolve(report);
    await settle();
    paintFrame();
    expect(lastPanel()).toMatchObject({ report, loading: false, error: null });
    expect(bg.types()).toEqual(['getEarlyReport', 'getReport', 'getReport']);
  });
});

describe('project view: the code checks', () => {
  it('asks scanCode after a report without the Code section, and shows the report it answers', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    const report = syntheticReport();
    bg.answer('getReport').resolve(report);
    await settle();
    expect(bg.sent.at(-1)).toEqual({ type: 'scanCode', ...QUERY, allowLarge: false });
    paintFrame();
    expect(lastPanel()).toMatchObject({ report, codeScanning: true });

    const scanned = withCode();
    bg.answer('scanCode').resolve(scanned);
    await settle();
    paintFrame();
    expect(lastPanel()).toMatchObject({ report: scanned, codeScanning: false });
  });

  it('asks getDependencies on its own beside scanCode; the dependencies stay when the code answer comes later without them', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    bg.answer('getReport').resolve(syntheticReport());
    await settle();
    expect(bg.sent.filter((m) => m.type === 'getDependencies')).toEqual([{ type: 'getDependencies', ...QUERY }]);
    expect(bg.types().filter((t) => t === 'scanCode')).toHaveLength(1);
    const dependencies = { state: 'disabled' } as const;
    bg.answer('getDependencies').resolve(syntheticReport({ dependencies }));
    await settle();
    paintFrame();
    expect(lastPanel().report?.dependencies).toEqual(dependencies);
    expect(lastPanel().codeScanning).toBe(true);
    // The code answer (a background without this tab's report) lacks the dependencies: the shown ones are kept.
    bg.answer('scanCode').resolve(syntheticReport({ code: { state: 'disabled' } }));
    await settle();
    paintFrame();
    expect(lastPanel().report).toMatchObject({ code: { state: 'disabled' }, dependencies });
  });

  it('asks no scanCode when the report already has the Code section', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    bg.answer('getReport').resolve(withCode());
    await settle();
    expect(bg.types()).toEqual(['getEarlyReport', 'getReport']);
  });

  it('a failed scan becomes an error in the Code section; the rest of the report stands', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    const report = syntheticReport();
    bg.answer('getReport').resolve(report);
    await settle();
    bg.answer('scanCode').reject(new Error('archive too large'));
    await settle();
    paintFrame();
    expect(lastPanel()).toMatchObject({
      report: { ...report, code: { state: 'error', error: { kind: 'upstream', message: 'archive too large' } } },
      codeScanning: false,
      error: null,
    });
  });

  it('"inspect the code" asks scanCode with allowLarge', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    bg.answer('getReport').resolve(withCode());
    await settle();
    paintFrame();
    lastPanel().onInspectCode!();
    expect(bg.sent.at(-1)).toEqual({ type: 'scanCode', ...QUERY, allowLarge: true });
  });
});

describe('project view: paint coalescing', () => {
  it('renders the badge only when what it shows changes', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    expect(badgeRenders()).toHaveLength(1);
    bg.answer('getEarlyReport').resolve(early());
    await settle();
    expect(badgeRenders()).toHaveLength(1); // early sections: the badge still says "checking"
    const report = syntheticReport();
    bg.answer('getReport').resolve(report);
    await settle();
    paintFrame();
    expect(badgeRenders()).toHaveLength(2); // the verdict; the code scan that starts with it changes no badge
    bg.answer('scanCode').resolve(withCode());
    await settle();
    paintFrame();
    expect(badgeRenders()).toHaveLength(2);
    expect(badgeRenders()[1]).toMatchObject({ verdict: report.verdict, loading: false });
  });

  it('renders the early sections at once, without waiting for a frame', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    bg.answer('getEarlyReport').resolve(early());
    await settle();
    expect(frames).toHaveLength(0);
    expect(lastPanel().early).toBeTruthy();
  });

  it('after a badge change, renders the panel once the frame is painted, once, with the latest state', async () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    expect(panelRenders()).toHaveLength(1); // the placeholders, at once
    const report = syntheticReport();
    bg.answer('getReport').resolve(report);
    await settle();
    // The verdict is on the badge; the panel waits for the frame (and the scan's "checking" joins that render).
    expect(badgeRenders().at(-1)).toMatchObject({ verdict: report.verdict });
    expect(panelRenders()).toHaveLength(1);
    expect(frames).toHaveLength(1);
    paintFrame();
    expect(panelRenders()).toHaveLength(2);
    expect(lastPanel()).toMatchObject({ report, loading: false, codeScanning: true });
  });

  it('renders nothing once the UI is removed', async () => {
    const bg = fakeBackground();
    let mounted = true;
    void startProjectView(bg.ask, QUERY).show({
      ...ui(),
      badge: () => (mounted ? badge : undefined),
      panel: () => (mounted ? panel : undefined),
    });
    const counts = [badgeRenders().length, panelRenders().length];
    mounted = false;
    bg.answer('getReport').resolve(withCode());
    await settle();
    paintFrame();
    expect([badgeRenders().length, panelRenders().length]).toEqual(counts);
  });

  it('activating the badge brings the panel into view', () => {
    const bg = fakeBackground();
    void startProjectView(bg.ask, QUERY).show(ui());
    badgeRenders()[0]!.onActivate!();
    expect(scrolled).toBe(1);
  });
});
