// The background's front door: every message is checked (sender, then zod contract) before any
// work happens, and every answer is a Reply — nothing throws back across the message boundary.
import * as z from 'zod/mini';
import { Message, type Reply, type Responses } from '../contract/messages';

/** `tab` is set for content scripts: the popup's "current tab" verdict remembers reports per tab. */
export type Sender = { id?: string; url?: string; tab?: { id?: number } };

/** An expected failure whose message is written for the user (storage refused a write): it is the reply's error. */
export class UserFacingError extends Error {}

export type Handlers = {
  [K in Message['type']]: (message: Extract<Message, { type: K }>, sender: Sender) => Promise<Responses[K]>;
};

/**
 * Messages that change what the extension does (the token, the sources, the cache) come only from the extension's
 * own pages (popup, options). A content script shares its renderer with the page it runs on, so it may only ask.
 */
const EXTENSION_PAGES_ONLY: ReadonlySet<string> = new Set(['setSettings', 'validateToken', 'clearCache']);

/** The browser sets sender.url: the page URL for a content script, the extension's own URL for its pages. */
function isExtensionPage(sender: Sender): boolean {
  return /^(chrome|moz)-extension:\/\//.test(sender.url ?? '');
}

export function createMessageHandler(extensionId: string, handlers: Handlers) {
  return async (raw: unknown, sender: Sender): Promise<Reply<unknown>> => {
    if (!sender || sender.id !== extensionId) return { ok: false, error: 'Messages are only accepted from this extension' };
    const parsed = z.safeParse(Message, raw);
    if (!parsed.success) return { ok: false, error: 'The message does not follow the contract' };
    const message = parsed.data;
    if (EXTENSION_PAGES_ONLY.has(message.type) && !isExtensionPage(sender)) {
      return { ok: false, error: 'Settings can only be changed from the extension’s own pages' };
    }
    try {
      const handler = handlers[message.type] as (m: Message, s: Sender) => Promise<unknown>;
      return { ok: true, value: await handler(message, sender) };
    } catch (error) {
      if (error instanceof UserFacingError) return { ok: false, error: error.message };
      // A bug, not an upstream failure (those are values): report it without leaking internals.
      console.warn('[PyPI Trust Panel] handler failed', error);
      return { ok: false, error: 'The extension could not build this report' };
    }
  };
}
