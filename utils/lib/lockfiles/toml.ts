// TOML for the lockfile parsers: smol-toml with the limits a pasted, untrusted file needs.
import { parse } from 'smol-toml';
import { MAX_TOML_DEPTH, clipText } from './common';

export type TomlResult = { ok: true; value: Record<string, unknown> } | { ok: false; message: string };

export function parseLockToml(text: string, format: string): TomlResult {
  try {
    // `__proto__` and `constructor` keys are dropped: a lockfile has no reason to carry them.
    const value = parse(text, { maxDepth: MAX_TOML_DEPTH, unsafeKeyBehaviour: 'drop' }) as Record<string, unknown>;
    return { ok: true, value };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return { ok: false, message: `This looks like a ${format} but is not valid TOML (${clipText(message, 160)}).` };
  }
}
