// TOML for the lockfile parsers: smol-toml with the limits a pasted, untrusted file needs.
import { parse } from 'smol-toml';
import {
  type LockedPackage,
  type LockfileFormat,
  MAX_TOML_DEPTH,
  type ParsedLockfile,
  clipText,
  headerLines,
  isRecord,
  toParsedLockfile,
} from './common';

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

/** Parse, then read the document: the whole path from text for one TOML format. */
export function parseTomlLockfile(
  text: string,
  format: LockfileFormat,
  read: (doc: Record<string, unknown>, text: string) => ParsedLockfile,
): ParsedLockfile {
  const toml = parseLockToml(text, format);
  return toml.ok ? read(toml.value, text) : { ok: false, format, message: toml.message };
}

/** The entries of a lockfile's array of tables (`[[package]]`, `[[packages]]`), each read by `read`, with its header's line. */
export function tomlEntries(
  doc: Record<string, unknown>,
  text: string,
  format: LockfileFormat,
  key: 'package' | 'packages',
  read: (table: Record<string, unknown>) => Omit<LockedPackage, 'line'>,
): ParsedLockfile {
  const entries = doc[key];
  if (!Array.isArray(entries)) return { ok: false, format, message: `This ${format} has no [[${key}]] entries.` };
  const lines = headerLines(text, new RegExp(`^\\s*\\[\\[\\s*${key}\\s*\\]\\]\\s*(#.*)?$`), entries.length);
  return toParsedLockfile(
    format,
    entries.map((entry, i) => ({ line: lines[i]!, ...read(isRecord(entry) ? entry : {}) })),
  );
}
