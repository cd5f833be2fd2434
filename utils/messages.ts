// The message contract (design §3): every request a content script or the popup may send to the
// background, declared once, validated with zod on arrival. Responses are plain serialisable data.
import * as z from 'zod/mini';
import type { BadgeSummary, Report } from './report';
import { isPlausibleVersion, isValidPackageName } from './package-name';

const PackageName = z.string().check(z.refine(isValidPackageName, 'not a valid package name'));
const Version = z.string().check(z.refine(isPlausibleVersion, 'not a plausible version'));
const HttpsUrl = z.string().check(z.maxLength(2048));

export const GetReport = z.object({
  type: z.literal('getReport'),
  name: PackageName,
  version: z.optional(Version),
  pageHints: z.optional(
    z.object({ verifiedUrls: z.array(HttpsUrl).check(z.maxLength(50)), shownVersion: z.optional(Version) }),
  ),
});

export const GetBadges = z.object({
  type: z.literal('getBadges'),
  names: z.array(PackageName).check(z.minLength(1), z.maxLength(100)),
});

export const SettingsPatch = z.object({
  githubToken: z.optional(z.nullable(z.string().check(z.maxLength(255)))),
  sources: z.optional(
    z.object({
      github: z.optional(z.boolean()),
      osv: z.optional(z.boolean()),
      provenance: z.optional(z.boolean()),
      depsDev: z.optional(z.boolean()),
    }),
  ),
  cacheTtlMinutes: z.optional(z.int().check(z.minimum(1), z.maximum(7 * 24 * 60))),
});

export const Message = z.discriminatedUnion('type', [
  GetReport,
  GetBadges,
  z.object({ type: z.literal('getSettings') }),
  z.object({ type: z.literal('setSettings'), patch: SettingsPatch }),
  z.object({ type: z.literal('clearCache') }),
]);
export type Message = z.infer<typeof Message>;

/** Settings as the UI sees them: the token itself never leaves the background. */
export type PublicSettings = {
  githubToken: { set: false } | { set: true; hint: string };
  sources: { github: boolean; osv: boolean; provenance: boolean; depsDev: boolean };
  cacheTtlMinutes: number | null;
};

export type Responses = {
  getReport: Report;
  getBadges: Record<string, BadgeSummary>;
  getSettings: PublicSettings;
  setSettings: PublicSettings;
  clearCache: { removed: number };
};

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

type MessageOf<K extends Message['type']> = Extract<Message, { type: K }>;

/** The one way UI code talks to the background. `send` is browser.runtime.sendMessage. */
export async function ask<K extends Message['type']>(
  send: (message: unknown) => Promise<unknown>,
  message: MessageOf<K>,
): Promise<Responses[K]> {
  const reply = (await send(message)) as Reply<Responses[K]> | undefined;
  if (!reply) throw new Error('The extension background did not answer');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
