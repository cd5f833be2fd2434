// What the popup needs from the browser, as one object: the real one is built in
// entrypoints/popup/main.tsx, tests pass fakes. Every request goes through the message contract.
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
};

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
