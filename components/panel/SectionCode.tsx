// Code: what the viewed version's sdist and wheel would run at install or at every Python start
// (setup.py and build hooks, .pth files, scripts, shadowed module names), each with the file, the line
// and the matched text, linked to inspector.pypi.io. Matched text is remote: rendered as text only.
import { worstFirst } from '../../utils/contract/levels';
import type { CodeFacts, CodeFinding, CodeRuns, ScannedDistribution, Section } from '../../utils/contract/report';
import { ExternalLink, LevelTag, SectionFrame, type SectionChrome, Truncated, clip, findingLabel } from '../shared/format';
import { plural } from '../../utils/lib/words';

export type SectionCodeProps = SectionChrome & {
  /** null while the scan runs; undefined when this report was built without code checks (nothing shown). */
  section: Section<CodeFacts> | null | undefined;
  /** Scan files above the automatic size cap ("Inspect anyway"). */
  onInspectLarge?: () => void;
  onRetry?: () => void;
};

const CHECK_NAMES: Record<CodeFinding['check'], string> = {
  'decoded-exec': 'Hidden code',
  'install-hook': 'Install hook',
  network: 'Network',
  process: 'Runs programs',
  'obfuscated-line': 'Obfuscated line',
  'pth-file': '.pth file',
  'data-script': 'Script',
  'shadowed-package': 'Shadowed name',
  'sdist-only': 'No wheel',
  'not-checked': 'Not checked',
  'linked-file': 'Linked file',
  exfiltration: 'Sends data away',
  'escaped-string': 'Escaped name',
  'builtins-indirection': 'Hidden call',
  'folded-identifier': 'Look-alike letters',
  'download-exec': 'Downloads and runs',
  'reverse-shell': 'Remote shell',
  'start-file': '.start file',
  'char-codes': 'Character codes',
  'invisible-character': 'Invisible characters',
  'pyarmor-loader': 'Encrypted code',
  'chmod-exec': 'Made executable',
  'stealer-capability': 'Stealer capability',
  persistence: 'Autostart',
};

/** Where a finding's code runs, as the group titles say it (absent: a report from before import checks, all install). */
const RUNS_TITLES: Record<CodeRuns, string> = {
  install: 'runs at install',
  import: 'runs at import',
  package: 'in the package',
};
const RUNS_ORDER: CodeRuns[] = ['install', 'import', 'package'];

/** Rows shown per check: a few make the point; the rest are counted (an archive can hold thousands). */
export const MAX_ROWS_PER_CHECK = 3;

/** At most MAX_ROWS_PER_CHECK findings of each check, worst first, and how many of each were left out. */
function shownFindings(all: CodeFinding[]): { shown: CodeFinding[]; more: Map<CodeFinding, number> } {
  const sorted = [...all].sort((a, b) => worstFirst(a.level, b.level));
  const seen = new Map<CodeFinding['check'], CodeFinding[]>();
  const hidden = new Map<CodeFinding['check'], number>();
  for (const f of sorted) {
    const rows = seen.get(f.check) ?? [];
    seen.set(f.check, rows);
    if (rows.length < MAX_ROWS_PER_CHECK) rows.push(f);
    else hidden.set(f.check, (hidden.get(f.check) ?? 0) + 1);
    hidden.set(f.check, (hidden.get(f.check) ?? 0) + (f.moreLikeThis ?? 0));
  }
  const shown = sorted.filter((f) => seen.get(f.check)!.includes(f));
  const more = new Map<CodeFinding, number>();
  for (const [check, rows] of seen) if (hidden.get(check)) more.set(rows[rows.length - 1]!, hidden.get(check)!);
  return { shown, more };
}

export function SectionCode({ section, onInspectLarge, onRetry, ...chrome }: SectionCodeProps) {
  if (section === undefined) return null;
  return (
    <SectionFrame {...chrome} id="code" title="Code run at install and import" section={section} onRetry={onRetry}>
      {(facts) => <CodeBody facts={facts} onInspectLarge={onInspectLarge} />}
    </SectionFrame>
  );
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
}

function CodeBody({ facts, onInspectLarge }: { facts: CodeFacts; onInspectLarge?: () => void }) {
  const { shown: findings, more } = shownFindings(facts.findings);
  return (
    <>
      {facts.status === 'no-files' && (
        <p class="tp-muted" data-fact="code-status" data-status="no-files">
          PyPI lists no files for {facts.version}: nothing to install, nothing to check.
        </p>
      )}
      {facts.status === 'too-large' && (
        <div data-fact="code-status" data-status="too-large">
          <p>
            The sdist and wheel of {facts.version} add up to {megabytes(facts.totalBytes)}, more than the {megabytes(facts.capBytes)}{' '}
            checked without asking.
          </p>
          {onInspectLarge && (
            <button type="button" class="tp-button" data-action="inspect-large" onClick={onInspectLarge}>
              Inspect anyway ({megabytes(facts.totalBytes)} download)
            </button>
          )}
        </div>
      )}
      {facts.status === 'scanned' && (
        <ul aria-label="Files checked">
          {facts.distributions.map((d) => (
            <Distribution key={d.filename} distribution={d} />
          ))}
        </ul>
      )}
      {facts.comparedWith && (
        <p class="tp-muted" data-fact="code-compared" data-state={facts.comparedWith.state}>
          {facts.comparedWith.state === 'compared'
            ? `Compared with ${facts.comparedWith.version}: ${plural(facts.findings.filter((f) => f.newInRelease).length, 'finding')} new in this release.`
            : `Not compared with ${facts.comparedWith.version}: ${facts.comparedWith.reason ?? 'not read'}.`}
        </p>
      )}
      {findings.length > 0
        ? RUNS_ORDER.map((runs) => {
            const group = findings.filter((f) => (f.runs ?? 'install') === runs);
            if (group.length === 0) return null;
            return (
              <div key={runs} data-fact="code-runs" data-runs={runs}>
                <h4 class="tp-code-runs">{RUNS_TITLES[runs]}</h4>
                <ul class="tp-findings tp-code-findings" aria-label={`Code findings: ${RUNS_TITLES[runs]}`}>
                  {group.map((f, i) => (
                    <CodeFindingItem key={`${f.check}-${f.path}-${f.line}-${i}`} finding={f} more={more.get(f) ?? 0} />
                  ))}
                </ul>
              </div>
            );
          })
        : facts.status === 'scanned' && (
            <p class="tp-muted" data-fact="code-clean">
              Nothing found in setup.py, build hooks, .pth and .start files, installed scripts or the code that runs at import.
            </p>
          )}
    </>
  );
}

function Distribution({ distribution: d }: { distribution: ScannedDistribution }) {
  const kind = d.packageType === 'sdist' ? 'sdist' : 'wheel';
  return (
    <li data-fact="code-distribution" data-state={d.state} data-engine={d.engine}>
      <ExternalLink url={d.inspectorUrl}>{clip(d.filename, 100)}</ExternalLink> <span class="tp-muted">({kind})</span>
      {d.state === 'error' ? (
        <>
          {': '}
          <LevelTag level="unknown" word="Not checked" /> <Truncated text={d.error?.message ?? 'unknown error'} limit={160} />
        </>
      ) : (
        <span class="tp-muted">
          {' '}
          — {plural(d.entryCount, 'file')}
          {d.checkedPaths.length > 0
            ? `, read ${d.checkedPaths
                .slice(0, 4)
                .map((p) => clip(p.split('/').pop() ?? '', 60))
                .join(', ')}${d.checkedPaths.length > 4 ? '…' : ''}`
            : ''}
        </span>
      )}
    </li>
  );
}

function CodeFindingItem({ finding: f, more }: { finding: CodeFinding; more: number }) {
  const label = findingLabel(f.level);
  const where = f.path ? `${f.path}${f.line ? `, line ${f.line}` : ''}` : f.filename;
  return (
    <li class={`tp-finding tp-finding--${f.level}`} data-fact="code-finding" data-check={f.check} data-level={f.level}>
      <p class="tp-finding__title">
        <LevelTag level={f.level} icon={label.icon} word={CHECK_NAMES[f.check] ?? label.word} />{' '}
        {where && (
          <ExternalLink url={f.url} class="tp-code-where">
            {clip(where, 120)}
          </ExternalLink>
        )}
        {f.newInRelease && (
          <>
            {' '}
            <strong data-fact="code-new">new in this release</strong>
          </>
        )}
      </p>
      {f.excerpt && (
        <pre class="tp-code-excerpt" data-fact="code-excerpt">
          <code>{clip(f.excerpt, 240)}</code>
        </pre>
      )}
      <p class="tp-finding__detail">
        <Truncated text={f.detail} />
      </p>
      {more > 0 && (
        <p class="tp-muted" data-fact="code-more">
          and {plural(more, 'more finding')} like this
        </p>
      )}
    </li>
  );
}
