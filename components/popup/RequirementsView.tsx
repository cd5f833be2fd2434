// The requirements check: paste (or drop) a requirements.txt, `pip freeze` output or a lockfile, parse
// it here by its content (so a bad line is named before anything is sent), ask the background once,
// show the table and a summary.
import { useRef, useState } from 'preact/hooks';
import type { RequirementsCheck } from '../../utils/contract/messages';
import { groupDigits } from '../../utils/lib/numbers';
import type { RequirementLine } from '../../utils/lib/requirements';
import { type LockfileFormat, MAX_LOCKFILE_CHARS } from '../../utils/lib/lockfiles/common';
import { parseLockfile } from '../../utils/lib/lockfiles/detect';
import { buildSummary, countLevels, pairResults } from './requirements-summary';
import { errorText, type PopupApi } from './api';
import { RequirementsTable, UncheckedLines } from './RequirementsTable';

type State =
  | { state: 'idle' }
  | { state: 'invalid'; message: string; lines: RequirementLine[] }
  | { state: 'checking'; lines: RequirementLine[]; count: number; format: LockfileFormat }
  | { state: 'done'; lines: RequirementLine[]; check: RequirementsCheck; format: LockfileFormat }
  | { state: 'error'; lines: RequirementLine[]; message: string };

/** "uv.lock" → "a uv.lock"; requirements.txt is also what a pip freeze paste reads as. */
const formatName = (format: LockfileFormat) => (format === 'requirements.txt' ? 'requirements.txt or pip freeze output' : `a ${format}`);

export function RequirementsView({ api }: { api: PopupApi }) {
  const [text, setText] = useState('');
  const [view, setView] = useState<State>({ state: 'idle' });
  const [copied, setCopied] = useState<string | null>(null);
  const area = useRef<HTMLTextAreaElement>(null);

  async function check(input = text) {
    setCopied(null);
    const parsed = parseLockfile(input);
    if (!parsed.ok) {
      setView({ state: 'invalid', message: parsed.message, lines: [] });
      area.current?.focus();
      return;
    }
    if (parsed.requirements.length === 0) {
      setView({ state: 'invalid', message: 'No line names a PyPI package to check; see why below.', lines: parsed.lines });
      return;
    }
    const { format } = parsed;
    setView({ state: 'checking', lines: parsed.lines, count: parsed.requirements.length, format });
    try {
      const requirements = parsed.requirements.map((r) => ({ name: r.name, pinned: r.pinned, specifier: r.specifier }));
      const result = await api.ask({ type: 'checkRequirements', requirements });
      setView({ state: 'done', lines: parsed.lines, check: result, format });
    } catch (error) {
      setView({ state: 'error', lines: parsed.lines, message: errorText(error) });
    }
  }

  const done = view.state === 'done' ? view : null;
  const checked = done ? pairResults(done.lines, done.check.results) : [];
  const summary = done ? buildSummary(done.lines, checked, done.check.checkedAt, done.format) : '';

  /** A dropped or chosen file is read as text and checked at once; its name decides nothing. */
  async function readFile(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_LOCKFILE_CHARS * 4) {
      setView({ state: 'invalid', message: `${file.name.slice(0, 80)} is too large to be a lockfile.`, lines: [] });
      return;
    }
    const content = await file.text();
    setText(content);
    await check(content);
  }
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
          Lockfile, requirements.txt or pip freeze output
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
          onDragOver={(event) => {
            event.preventDefault();
            event.currentTarget.classList.add('pp-drop');
          }}
          onDragLeave={(event) => event.currentTarget.classList.remove('pp-drop')}
          onDrop={(event) => {
            event.currentTarget.classList.remove('pp-drop');
            const file = event.dataTransfer?.files[0];
            if (!file) return; // dropped text: the textarea inserts it itself
            event.preventDefault();
            void readFile(file);
          }}
        />
        <p id="pp-requirements-help" class="pp-help">
          Paste or drop uv.lock, poetry.lock, pylock.toml, Pipfile.lock or requirements.txt: the format is read from the content. Locked and
          pinned (==) packages are checked at their version, others at the latest release; packages from another index, git, URLs and paths
          are listed as not checked. One OSV request covers up to 1,000 packages.
        </p>
        <div class="pp-row">
          <button type="submit" class="tp-button pp-primary" disabled={view.state === 'checking'}>
            Check
          </button>
          <label class="tp-button pp-file">
            Open a file…
            <input
              type="file"
              class="pp-sr-only"
              data-testid="requirements-file"
              onChange={(event) => {
                void readFile(event.currentTarget.files?.[0]);
                event.currentTarget.value = '';
              }}
            />
          </label>
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
        {view.state === 'checking' && (
          <p role="status">
            Read as {formatName(view.format)}: checking {groupDigits(view.count)} packages…
          </p>
        )}
        {done && (
          <p role="status" data-testid="requirements-status" data-format={done.format}>
            Read as {formatName(done.format)}. Checked {checked.length}: {counts.danger} danger, {counts.caution} caution, {counts.unknown}{' '}
            unknown, {counts.info + counts.good} with no known advisories.
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
