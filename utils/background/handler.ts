// The background's front door: every message is checked (sender, then zod contract) before any
// work happens, and every answer is a Reply — nothing throws back across the message boundary.
import * as z from 'zod/mini';
import { Message, type Reply, type Responses } from '../messages';

/** `tab` is set for content scripts: the popup's "current tab" verdict remembers reports per tab. */
export type Sender = { id?: string; url?: string; tab?: { id?: number } };

export type Handlers = {
  [K in Message['type']]: (message: Extract<Message, { type: K }>, sender: Sender) => Promise<Responses[K]>;
};

export function createMessageHandler(extensionId: string, handlers: Handlers) {
  return async (raw: unknown, sender: Sender): Promise<Reply<unknown>> => {
    if (!sender || sender.id !== extensionId) return { ok: false, error: 'Messages are only accepted from this extension' };
    const parsed = z.safeParse(Message, raw);
    if (!parsed.success) return { ok: false, error: 'The message does not follow the contract' };
    const message = parsed.data;
    try {
      const handler = handlers[message.type] as (m: Message, s: Sender) => Promise<unknown>;
      return { ok: true, value: await handler(message, sender) };
    } catch (error) {
      // A bug, not an upstream failure (those are values): report it without leaking internals.
      console.warn('[PyPI Trust Panel] handler failed', error);
      return { ok: false, error: 'The extension could not build this report' };
    }
  };
}
