// A project page's view: asks for the report (early sections first), renders the badge and the panel as
// the answers arrive, and then asks for the code checks. The content script only wires it to the page.
import { render } from 'preact';
import type { Message, Responses } from '../../utils/contract/messages';
import type { EarlyReport, Report } from '../../utils/contract/report';
import { TrustBadge } from './TrustBadge';
import { TrustPanel } from './TrustPanel';
import { withShownDeferred } from '../shared/deferred-sections';

type ViewMessage = 'getEarlyReport' | 'getReport' | 'scanCode' | 'getDependencies';

/** Sends one contract message to the background; resolves to its answer, rejects with its error. */
export type AskBackground = <K extends ViewMessage>(message: Extract<Message, { type: K }>) => Promise<Responses[K]>;

/** The report the page wants: every message of the view carries the same name, version and hints. */
export type ProjectQuery = Omit<Extract<Message, { type: 'getReport' }>, 'type'>;

export type ProjectViewUi = {
  /** Where the badge renders; undefined when it is not mounted (nothing is rendered then). */
  badge: () => Element | undefined;
  /** Where the panel renders; undefined when it is not mounted. */
  panel: () => Element | undefined;
  ruleUrl: (ruleId: string) => string;
  afterNextPaint: (task: () => void) => void;
  /** What activating the badge does: bring the panel into view. */
  scrollToPanel: () => void;
};

export type ProjectView = {
  /** Renders into the mounted UI and follows the report to its end (code checks included). */
  show(ui: ProjectViewUi): Promise<void>;
};

type ViewState = {
  report: Report | null;
  loading: boolean;
  error: string | null;
  codeScanning?: boolean;
  dependenciesLoading?: boolean;
  early?: EarlyReport | null;
};

/**
 * Sends getEarlyReport, then getReport, at once: the hints reach the background (and the requests they
 * allow start) while the caller builds the UI. The early answer (repository, releases, advisories) fills
 * the panel while an attested project's provenance takes its second round-trip.
 */
export function startProjectView(ask: AskBackground, query: ProjectQuery): ProjectView {
  const requestReport = () => ask({ type: 'getReport', ...query });
  const earlyReport = ask({ type: 'getEarlyReport', ...query });
  const firstReport = requestReport();
  firstReport.catch(() => undefined);

  let state: ViewState = { report: null, loading: true, error: null };
  let ui: ProjectViewUi | null = null;
  earlyReport.then(
    (early) => {
      if (!early || state.report || !state.loading) return; // no early stage, or the whole report was first
      state = { ...state, early };
      paint();
    },
    () => undefined, // only a head start: getReport reports any failure
  );

  let panelShown = false;
  let panelQueued = false;
  let badgeShown: string | null = null;
  function paint() {
    if (!ui) return;
    // What the badge shows: only a change of it is worth a frame of its own.
    const badgeNow = JSON.stringify([state.loading, state.report?.verdict ?? null]);
    const badgeChanged = badgeNow !== badgeShown;
    const badge = ui.badge();
    if (badge && badgeChanged) {
      badgeShown = badgeNow;
      render(<TrustBadge verdict={state.report?.verdict ?? null} loading={state.loading} onActivate={ui.scrollToPanel} />, badge);
    }
    // The placeholders go in with the mount (nothing moves later). After that the panel is large
    // (hundreds of nodes, a chart): when the badge has just changed, the panel renders once the badge is
    // on screen, so the verdict never waits for the panel's layout; otherwise (the early sections, while
    // the badge still says "checking") at once. Coalesced: it renders the latest state.
    if (!panelShown || (!badgeChanged && !panelQueued)) renderPanel();
    else if (!panelQueued) {
      panelQueued = true;
      ui.afterNextPaint(renderPanel);
    }
  }
  function renderPanel() {
    panelQueued = false;
    const panel = ui?.panel();
    if (!ui || !panel) return;
    panelShown = true;
    render(
      <TrustPanel
        report={state.report}
        loading={state.loading}
        error={state.error}
        ruleUrl={ui.ruleUrl}
        onRetry={() => void load()}
        codeScanning={state.codeScanning}
        dependenciesLoading={state.dependenciesLoading}
        onInspectCode={() => void scanCode(true)}
        early={state.early}
      />,
      panel,
    );
  }

  async function load(pending?: Promise<Report>) {
    // A retry asks again from scratch: early sections of the failed attempt are not shown meanwhile.
    state = { ...state, loading: true, error: null, ...(pending ? {} : { early: null }) };
    paint();
    try {
      const report = await (pending ?? requestReport());
      state = { report, loading: false, error: null };
    } catch (error) {
      state = { report: null, loading: false, error: errorText(error) };
    }
    paint();
    // The dependency graph and the code checks, each asked on its own so the verdict above never waited for
    // them and a slow archive never delays the graph.
    if (state.report && !state.report.dependencies) void loadDependencies();
    if (state.report && !state.report.code) void scanCode(false);
  }

  /** An answer with one deferred section: the other one, if it came first, is kept (the background's later answer has both). */
  const merged = (report: Report): Report => withShownDeferred(report, state.report);

  async function loadDependencies() {
    if (!state.report) return;
    state = { ...state, dependenciesLoading: true };
    paint();
    try {
      const report = await ask({ type: 'getDependencies', name: query.name, version: query.version, pageHints: query.pageHints });
      state = { ...state, report: merged(report), dependenciesLoading: false };
    } catch {
      // The rest of the report stands; the section says it was not read.
      state = { ...state, dependenciesLoading: false };
    }
    paint();
  }

  async function scanCode(allowLarge: boolean) {
    if (!state.report) return;
    state = { ...state, codeScanning: true };
    paint();
    try {
      const report = await ask({ type: 'scanCode', name: query.name, version: query.version, allowLarge, pageHints: query.pageHints });
      state = { ...state, report: merged(report), codeScanning: false };
    } catch (error) {
      // The rest of the report stands; only the Code section says what went wrong.
      const message = errorText(error);
      const report = state.report && { ...state.report, code: { state: 'error' as const, error: { kind: 'upstream' as const, message } } };
      state = { ...state, report, codeScanning: false };
    }
    paint();
  }

  return {
    show(mounted) {
      ui = mounted;
      return load(firstReport);
    },
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
