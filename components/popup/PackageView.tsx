// The popup's first view: the lookup field, recent lookups, and below them the verdict of the
// package on the current tab (the panel's own report, remembered by the background) or a lookup's.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ActiveVerdict, LookupResult } from '../../utils/contract/messages';
import { TrustPanel } from '../panel/TrustPanel';
import { errorText, type PopupApi } from './api';
import { LookupResultView } from './LookupResultView';
import { addRecent, clearRecent, loadRecent, type RecentLookup } from './recent';
import { withShownDeferred } from '../shared/deferred-sections';
import type { Report } from '../../utils/contract/report';

type Current = { state: 'loading' } | { state: 'ready'; verdict: ActiveVerdict } | { state: 'error'; message: string };
type Lookup = {
  label: string;
  loading: boolean;
  result: LookupResult | null;
  error: string | null;
  codeScanning?: boolean;
  dependenciesLoading?: boolean;
};

export function PackageView({ api }: { api: PopupApi }) {
  const [current, setCurrent] = useState<Current>({ state: 'loading' });
  const [text, setText] = useState('');
  const [inputError, setInputError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<Lookup | null>(null);
  const [recent, setRecent] = useState<RecentLookup[]>([]);
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void loadRecent(api.storage).then(setRecent);
    void (async () => {
      try {
        const tabId = await api.activeTabId();
        const verdict: ActiveVerdict = tabId === null ? { kind: 'not-pypi' } : await api.ask({ type: 'getActiveVerdict', tabId });
        setCurrent({ state: 'ready', verdict });
        if (verdict.kind === 'not-pypi') input.current?.focus();
      } catch (error) {
        setCurrent({ state: 'error', message: errorText(error) });
      }
    })();
  }, [api]);

  async function run(raw: string) {
    const parsed = api.parseLookupInput(raw);
    if (!parsed.ok) {
      // Nothing is sent for input that is not a package name.
      setInputError(parsed.message);
      input.current?.focus();
      return;
    }
    setInputError(null);
    const { name, version } = parsed.query;
    const label = lookupLabel(parsed.query);
    setText(label);
    setLookup({ label, loading: true, result: null, error: null });
    setRecent(await addRecent(api.storage, version ? { name, version } : { name }));
    try {
      const result = await api.ask({ type: 'lookup', name, ...(version ? { version } : {}) });
      const scan = result.kind === 'report' && !result.report.code;
      const graph = result.kind === 'report' && !result.report.dependencies;
      setLookup({ label, loading: false, result, error: null, codeScanning: scan, dependenciesLoading: graph });
      // The dependency graph and the code checks, each asked after the verdict on its own message as the panel does:
      // the graph never waits for the archives.
      const query = { name, ...(version ? { version } : {}) };
      const deferred = (asked: Promise<Report | null>, done: Partial<Lookup>) =>
        asked.then((report) =>
          setLookup((now) =>
            now?.label === label && now.result?.kind === 'report'
              ? { ...now, ...done, result: report ? { ...now.result, report: withShownDeferred(report, now.result.report) } : now.result }
              : now,
          ),
        );
      await Promise.all([
        graph
          ? deferred(
              api.ask({ type: 'getDependencies', ...query }).catch(() => null),
              { dependenciesLoading: false },
            )
          : null,
        scan
          ? deferred(
              api.ask({ type: 'scanCode', ...query }).catch(() => null),
              { codeScanning: false },
            )
          : null,
      ]);
    } catch (error) {
      setLookup({ label, loading: false, result: null, error: errorText(error) });
    }
  }

  return (
    <div class="pp-view" data-testid="package-view">
      <form
        class="pp-lookup"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          void run(text);
        }}
      >
        <label for="pp-lookup-input" class="pp-label">
          Look up a PyPI package
        </label>
        <div class="pp-row">
          <input
            id="pp-lookup-input"
            ref={input}
            class="pp-input"
            type="text"
            name="package"
            autocomplete="off"
            spellcheck={false}
            placeholder="requests or requests==2.31.0"
            value={text}
            aria-invalid={inputError !== null}
            aria-describedby={inputError ? 'pp-lookup-error' : 'pp-lookup-help'}
            onInput={(event) => setText(event.currentTarget.value)}
          />
          <button type="submit" class="tp-button pp-primary" disabled={lookup?.loading}>
            Look up
          </button>
        </div>
        {inputError ? (
          <p id="pp-lookup-error" class="pp-message pp-message--error" role="alert" data-testid="lookup-error">
            {inputError}
          </p>
        ) : (
          <p id="pp-lookup-help" class="pp-help">
            A name, name==version, or a pypi.org project link.
          </p>
        )}
      </form>

      {recent.length > 0 && (
        <nav class="pp-recent" aria-label="Recent lookups">
          <span class="pp-recent__title">Recent:</span>
          <ul>
            {recent.map((entry) => (
              <li key={lookupLabel(entry)}>
                <button type="button" class="tp-linkbutton" onClick={() => void run(lookupLabel(entry))}>
                  {lookupLabel(entry)}
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            class="tp-linkbutton pp-recent__clear"
            onClick={() => void clearRecent(api.storage).then(() => setRecent([]))}
          >
            Clear recent
          </button>
        </nav>
      )}

      {lookup ? (
        <section class="pp-result" aria-label={`Lookup: ${lookup.label}`} data-testid="lookup-result">
          <p class="pp-context">
            Lookup: <strong>{lookup.label}</strong>{' '}
            {current.state === 'ready' && current.verdict.kind === 'report' && (
              <button type="button" class="tp-linkbutton" onClick={() => setLookup(null)}>
                back to this tab's package
              </button>
            )}
          </p>
          <LookupResultView
            result={lookup.result}
            loading={lookup.loading}
            error={lookup.error}
            codeScanning={lookup.codeScanning ?? false}
            dependenciesLoading={lookup.dependenciesLoading ?? false}
            ruleUrl={api.ruleUrl}
            onRetry={() => void run(lookup.label)}
            onLookup={(next) => void run(next)}
          />
        </section>
      ) : (
        <CurrentTab current={current} ruleUrl={api.ruleUrl} />
      )}
    </div>
  );
}

/** "requests==2.31.0": how a lookup is shown in the recent list and put back in the field. */
export function lookupLabel(query: { name: string; version?: string }): string {
  return query.version ? `${query.name}==${query.version}` : query.name;
}

function CurrentTab({ current, ruleUrl }: { current: Current; ruleUrl: (id: string) => string }) {
  if (current.state === 'loading') {
    return (
      <p class="pp-context tp-muted" role="status">
        Reading the current tab…
      </p>
    );
  }
  if (current.state === 'error') {
    return <TrustPanel report={null} loading={false} error={current.message} ruleUrl={ruleUrl} />;
  }
  const { verdict } = current;
  if (verdict.kind === 'not-pypi') {
    return (
      <p class="pp-context" data-testid="current-tab" data-kind="not-pypi">
        This tab is not a pypi.org project page. Look up any package above, or open one on pypi.org.
      </p>
    );
  }
  return (
    <section
      class="pp-result"
      aria-label="This tab's package"
      data-testid="current-tab"
      data-kind="report"
      data-remembered={String(verdict.remembered)}
    >
      <p class="pp-context">
        This tab: <strong>{verdict.version ? `${verdict.name} ${verdict.version}` : verdict.name}</strong> on pypi.org
      </p>
      <TrustPanel report={verdict.report} loading={false} error={null} ruleUrl={ruleUrl} />
    </section>
  );
}
