// Settings: the GitHub token (checked with GitHub before it is stored, never shown again in full),
// which sources to ask, the cache lifetime and clearing the cache. Every change applies at once:
// the background holds the settings and uses them for the next request.
import { useEffect, useState } from 'preact/hooks';
import * as z from 'zod/mini';
import { GithubTokenText, type TokenCheck } from '../../utils/contract/messages';
import { type PublicSettings, SettingsPatch, SOURCE_TOGGLES } from '../../utils/contract/settings';
import { formatClock } from '../shared/format';
import { errorText, type PopupApi } from './api';
import { groupDigits } from '../../utils/lib/numbers';
import { plural } from '../../utils/lib/words';

/** Minutes; null: each source's own lifetime. */
const TTL_CHOICES: { value: number | null; label: string }[] = [
  { value: null, label: "Each source's own (PyPI, OSV 1 h; GitHub 6 h)" },
  { value: 15, label: '15 minutes' },
  { value: 60, label: '1 hour' },
  { value: 6 * 60, label: '6 hours' },
  { value: 24 * 60, label: '1 day' },
];

export function SettingsView({ api }: { api: PopupApi }) {
  const [settings, setSettings] = useState<PublicSettings | null>(null);
  const [token, setToken] = useState('');
  const [tokenMessage, setTokenMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState<string | null>(null);
  /** A change the background could not store: said as an alert, the controls showing what is stored. */
  const [notSaved, setNotSaved] = useState<string | null>(null);

  useEffect(() => {
    api.ask({ type: 'getSettings' }).then(setSettings, (error) => setStatus(`Could not read the settings: ${errorText(error)}`));
  }, [api]);

  async function patch(change: z.infer<typeof SettingsPatch>, done: string) {
    try {
      setSettings(await api.ask({ type: 'setSettings', patch: change }));
      setNotSaved(null);
      setStatus(done);
    } catch (error) {
      setStatus(null);
      setNotSaved(`Not saved: ${errorText(error)}`);
    }
  }

  async function saveToken() {
    const text = token.trim();
    if (!z.safeParse(GithubTokenText, text).success) {
      // Nothing is sent for text that cannot be a token.
      setTokenMessage({
        error: true,
        text: 'That is not a GitHub token: tokens are 20–255 letters, digits and “_” (ghp_…, github_pat_…).',
      });
      return;
    }
    setBusy(true);
    setTokenMessage(null);
    try {
      const result = await api.ask({ type: 'validateToken', token: text });
      setSettings(result.settings);
      setTokenMessage(tokenResultText(result));
      if (result.valid) setToken('');
    } catch (error) {
      setTokenMessage({ error: true, text: `The token was not checked: ${errorText(error)}` });
    } finally {
      setBusy(false);
    }
  }

  if (!settings)
    return (
      <p class="pp-context" role="status">
        {status ?? 'Loading settings…'}
      </p>
    );
  return (
    <div class="pp-view pp-settings" data-testid="settings-view">
      <fieldset class="pp-fieldset">
        <legend>GitHub token</legend>
        {settings.githubToken.set ? (
          <div class="pp-row" data-testid="token-set">
            <span>
              A token ending in <code>{settings.githubToken.hint}</code> is set. It is sent only to api.github.com.
            </span>
            <button
              type="button"
              class="tp-button"
              onClick={() => void patch({ githubToken: null }, 'Token removed.').then(() => setTokenMessage(null))}
            >
              Remove
            </button>
          </div>
        ) : (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void saveToken();
            }}
          >
            <label for="pp-token" class="pp-label">
              Personal access token (no scopes needed)
            </label>
            <div class="pp-row">
              <input
                id="pp-token"
                class="pp-input"
                type="password"
                autocomplete="off"
                spellcheck={false}
                value={token}
                aria-describedby="pp-token-help"
                onInput={(event) => setToken(event.currentTarget.value)}
              />
              <button type="submit" class="tp-button pp-primary" disabled={busy}>
                {busy ? 'Checking…' : 'Check and save'}
              </button>
            </div>
            <p id="pp-token-help" class="pp-help">
              Raises GitHub's limit from 60 to 5,000 requests an hour. Checked with GitHub first, then kept in this browser only.
            </p>
          </form>
        )}
        {tokenMessage && (
          <p
            class={`pp-message ${tokenMessage.error ? 'pp-message--error' : 'pp-message--ok'}`}
            role={tokenMessage.error ? 'alert' : 'status'}
            data-testid="token-message"
          >
            {tokenMessage.text}
          </p>
        )}
      </fieldset>

      <fieldset class="pp-fieldset">
        <legend>Sources</legend>
        {SOURCE_TOGGLES.map((source) => (
          <div class="pp-check" key={source.id}>
            <input
              id={`pp-source-${source.id}`}
              type="checkbox"
              checked={settings.sources[source.id]}
              onChange={(event) =>
                void patch(
                  { sources: { [source.id]: event.currentTarget.checked } },
                  `${source.label} turned ${event.currentTarget.checked ? 'on' : 'off'}.`,
                )
              }
            />
            <label for={`pp-source-${source.id}`}>
              <strong>{source.label}</strong> <span class="pp-help">{source.what}</span>
            </label>
          </div>
        ))}
      </fieldset>

      <fieldset class="pp-fieldset">
        <legend>Cache</legend>
        <label for="pp-ttl" class="pp-label">
          Keep answers for
        </label>
        <select
          id="pp-ttl"
          class="pp-input"
          value={String(settings.cacheTtlMinutes ?? '')}
          onChange={(event) => {
            const raw = event.currentTarget.value;
            void patch({ cacheTtlMinutes: raw === '' ? null : Number(raw) }, 'Cache lifetime saved.');
          }}
        >
          {TTL_CHOICES.map((choice) => (
            <option key={choice.label} value={choice.value === null ? '' : String(choice.value)}>
              {choice.label}
            </option>
          ))}
        </select>
        <div class="pp-row">
          <button
            type="button"
            class="tp-button"
            data-testid="clear-cache"
            onClick={() =>
              void api.ask({ type: 'clearCache' }).then(
                ({ removed }) => setStatus(`Cache cleared: ${plural(removed, 'entry', 'entries')} removed.`),
                (error) => setStatus(`The cache was not cleared: ${errorText(error)}`),
              )
            }
          >
            Clear cache
          </button>
        </div>
      </fieldset>
      {notSaved && (
        <p class="pp-message pp-message--error" role="alert" data-testid="settings-not-saved">
          {notSaved}
        </p>
      )}
      <p class="pp-help" role="status" data-testid="settings-status">
        {status}
      </p>
    </div>
  );
}

function tokenResultText(result: TokenCheck): { error: boolean; text: string } {
  if (!result.valid) return { error: true, text: result.reason };
  const reset = formatClock(result.resetAt);
  return {
    error: false,
    text: `Token saved. GitHub allows ${groupDigits(result.remaining)} of ${groupDigits(result.limit)} requests this hour${reset ? ` (resets at ${reset})` : ''}.`,
  };
}
