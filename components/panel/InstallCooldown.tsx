// The copyable install lines of a release under a week old (install-cooldown.ts says which and why).
import { useState } from 'preact/hooks';
import type { CooldownLines } from './install-cooldown';

export function InstallCooldown({ lines }: { lines: CooldownLines }) {
  const [copied, setCopied] = useState<string | null>(null);
  async function copy(text: string, label: string) {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(`${label} line copied.`);
    } catch {
      setCopied('The browser refused; select the line and copy it.');
    }
  }
  return (
    <div class="tp-cooldown" data-fact="install-cooldown" data-cutoff={lines.cutoff}>
      <p class="tp-group__title">Install it safely, today</p>
      <p class="tp-small" data-fact="cooldown-reason">
        {lines.reason}
      </p>
      {(
        [
          ['uv', lines.uv],
          ['pip (26 or later)', lines.pip],
        ] as const
      ).map(([label, line]) => (
        <div class="tp-cooldown__line" key={label}>
          <code data-fact={`cooldown-${label.split(' ')[0]}`}>{line}</code>
          <button type="button" class="tp-button" aria-label={`Copy the ${label} line`} onClick={() => void copy(line, label)}>
            Copy
          </button>
        </div>
      ))}
      <p class="tp-small tp-muted" role="status">
        {copied}
      </p>
    </div>
  );
}
