// The requirements check: paste a requirements.txt or `pip freeze` output, parse it here (so a bad
// line is named before anything is sent), ask the background once, show the table and a summary.
import { useRef, useState } from 'preact/hooks';
import type { RequirementsCheck } from '../../utils/contract/messages';
import { groupDigits } from '../../utils/lib/numbers';
import { parseRequirements, type RequirementLine } from '../../utils/lib/requirements';
import { buildSummary, countLevels, pairResults } from './requirements-summary';
import { errorText, type PopupApi } from './api';
import { RequirementsTable, UncheckedLines } from './RequirementsTable';

type State =
  | { state: 'idle' }
  | { state: 'invalid'; message: string; lines: RequirementLine[] }
  | { state: 'checking'; lines: RequirementLine[]; count: number }
  | { state: 'done'; lines: RequirementLine[]; check: RequirementsCheck }
  | { state: 'error'; lines: RequirementLine[]; message: string };

export function RequirementsView({ api }: { api: PopupApi }) {
  const [text, setText] = useState('');
  const [view, setView] = useState<State>({ state: 'idle' });
  const [copied, setCopied] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  async function check() {
    setCopied(null);
    const parsed = parseRequirements(text);
    if (!parsed.ok) {
      setView({ state: 'invalid', message: parsed.message, lines: [] });
      area.current?.focus();
      return;
    }
    if (parsed.requirements.length === 0) {
      setView({ state: 'invalid', message: 'No line names a PyPI package to check; see why below.', lines: parsed.lines });
      return;
    }
    setView({ state: 'checking', lines: parsed.lines, count: parsed.requirements.length });
    try {
      const requirements = parsed.requirements.map((r) => ({ name: r.name, pinned: r.pinned, specifier: r.specifier }));
      const result = await api.ask({ type: 'checkRequirements', requirements });
      setView({ state: 'done', lines: parsed.lines, check: result });
    } catch (error) {
      setView({ state: 'error', lines: parsed.lines, message: errorText(error) });
    }
  }

  const done = view.state === 'done' ? view : null;
  const checked = done ? pairResults(done.lines, done.check.results) : [];
  const summary = done ? buildSummary(done.lines, checked, done.check.checkedAt) : '';
  const counts = countLevels(checked);

  return (
    <div class="pp-view" data-testid="requirements-view">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void check();
        }}
      >
        <label for="pp-requirements" class="pp-label">
          requirements.txt or pip freeze output
        </label>
        <textarea
          id="pp-requirements"
          ref={area}
          class="pp-textarea"
          rows={8}
          spellcheck={false}
          placeholder={'django==1.11.29\nrequests>=2.20\n-r dev.txt'}
          value={text}
          aria-invalid={view.state === 'invalid' && view.lines.length === 0}
          aria-describedby="pp-requirements-help"
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <p id="pp-requirements-help" class="pp-help">
          Pinned lines (==) are checked at their version, others at the latest release. Comments, -r/-e, URLs and options are listed as
          skipped. One OSV request covers the whole list.
        </p>
        <div class="pp-row">
          <button type="submit" class="tp-button pp-primary" disabled={view.state === 'checking'}>
            Check
          </button>
          <button
            type="button"
            class="tp-button"
            onClick={() => {
              setText('');
              setView({ state: 'idle' });
              area.current?.focus();
            }}
          >
            Clear
          </button>
        </div>
      </form>

      <div aria-live="polite" class="pp-status">
        {view.state === 'checking' && <p role="status">Checking {groupDigits(view.count)} requirements…</p>}
        {done && (
          <p role="status" data-testid="requirements-status">
            Checked {checked.length}: {counts.danger} danger, {counts.caution} caution, {counts.unknown} unknown,{' '}
            {counts.info + counts.good} with no known advisories.
            {done.check.osv.state === 'error' && ` OSV did not answer (${done.check.osv.message}).`}
            {done.check.osv.state === 'disabled' && ' OSV is turned off in settings.'}
          </p>
        )}
      </div>
      {view.state === 'invalid' && (
        <p class="pp-message pp-message--error" role="alert" data-testid="requirements-error">
          {view.message}
        </p>
      )}
      {view.state === 'error' && (
        <p class="pp-message pp-message--error" role="alert" data-testid="requirements-error">
          The check failed: {view.message}
        </p>
      )}

      {done && <RequirementsTable checked={checked} />}
      {view.state !== 'idle' && <UncheckedLines lines={view.lines} />}

      {done && (
        <section class="pp-summary" aria-label="Summary">
          <label for="pp-summary-text" class="pp-label">
            Summary
          </label>
          <textarea id="pp-summary-text" class="pp-textarea pp-textarea--summary" readOnly rows={6} value={summary} data-testid="summary" />
          <div class="pp-row">
            <button
              type="button"
              class="tp-button"
              onClick={() =>
                void api
                  .copy(summary)
                  .then((ok) => setCopied(ok ? 'Summary copied.' : 'The browser refused; select the text above and copy it.'))
              }
            >
              Copy summary
            </button>
            <span role="status" class="pp-help" data-testid="copy-status">
              {copied}
            </span>
          </div>
        </section>
      )}
    </div>
  );
}
