// What the popup needs from outside its components (the browser, the lookup field's parser), as one object:
// the real one is built in entrypoints/popup/main.tsx, tests pass fakes. Every request goes through the message contract.
import type { Message, Responses } from '../../utils/contract/messages';

export type PopupApi = {
  ask<K extends Message['type']>(message: Extract<Message, { type: K }>): Promise<Responses[K]>;
  /** The id of the tab the popup was opened on (its URL is read by the background), or null. */
  activeTabId(): Promise<number | null>;
  /** The popup's own small state (recent lookups) in extension storage. */
  storage: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };
  /** Copies text to the clipboard; false when the browser refused. */
  copy(text: string): Promise<boolean>;
  /** Where a trust rule is explained (the extension's rules page). */
  ruleUrl(ruleId: string): string;
  /** Reads the lookup field (utils/page/lookup-input.ts): a package query, or what is wrong with the text. */
  parseLookupInput(raw: string): { ok: true; query: { name: string; version?: string } } | { ok: false; message: string };
};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
