// The message contract (design §3): every request a content script or the popup may send to the
// background, declared once, validated with zod on arrival. Responses are plain serialisable data.
import * as z from 'zod/mini';
import type { BadgeSummary, DependencyMalware, EarlyReport, Report, SeverityBand, TyposquatCandidate, Verdict } from './report';
import { isPlausibleVersion, isValidPackageName } from '../lib/package-name';
import { MAX_LOCKFILE_PACKAGES } from '../lib/lockfiles/limits';
import { type PublicSettings, SettingsPatch } from './settings';

// The settings' own contract lives with them; importers of the message contract still find it here.
export { type PublicSettings, SettingsPatch } from './settings';

const PackageName = z.string().check(z.refine(isValidPackageName, 'not a valid package name'));
const Version = z.string().check(z.refine(isPlausibleVersion, 'not a plausible version'));
const HttpsUrl = z.string().check(z.maxLength(2048));

export const GetReport = z.object({
  type: z.literal('getReport'),
  name: PackageName,
  version: z.optional(Version),
  pageHints: z.optional(
    z.object({
      verifiedUrls: z.array(HttpsUrl).check(z.maxLength(50)),
      shownVersion: z.optional(Version),
      projectLinks: z.optional(z.array(z.object({ label: z.string().check(z.maxLength(200)), url: HttpsUrl })).check(z.maxLength(50))),
      attestedFiles: z.optional(z.array(z.string().check(z.maxLength(210))).check(z.maxLength(60))),
    }),
  ),
});

/**
 * Sent by the project page's content script at document_start, from the URL alone: the background
 * starts the report's upstream requests while the page is still loading, and answers at once. The
 * getReport that follows (with the page's hints) reuses them: in flight or cached, never asked twice.
 */
export const Prefetch = z.object({ type: z.literal('prefetch'), name: PackageName, version: z.optional(Version) });

/**
 * A project page's first three sections (repository, releases, advisories) as soon as they are final,
 * from the same build as the getReport the page sends with it: an attested project's provenance needs a
 * second round-trip, and these need not wait for it. Same fields as getReport.
 */
export const GetEarlyReport = z.object({
  type: z.literal('getEarlyReport'),
  name: PackageName,
  version: z.optional(Version),
  pageHints: GetReport.shape.pageHints,
});

/**
 * The report again, with the install-time code checks of the viewed version (downloads the sdist and
 * one wheel). allowLarge: the reader pressed "Inspect anyway" for files above the automatic size cap.
 */
export const ScanCode = z.object({
  type: z.literal('scanCode'),
  name: PackageName,
  /** As in getReport: the version of the page's URL, absent for the latest. */
  version: z.optional(Version),
  allowLarge: z.optional(z.boolean()),
  pageHints: GetReport.shape.pageHints,
});

/**
 * The report again, with the Dependencies section (deps.dev's resolved graph, each package checked): its own
 * message, so a slow archive in scanCode never delays it.
 */
export const GetDependencies = z.object({
  type: z.literal('getDependencies'),
  name: PackageName,
  version: z.optional(Version),
  pageHints: GetReport.shape.pageHints,
});

export const GetBadges = z.object({
  type: z.literal('getBadges'),
  names: z.array(PackageName).check(z.minLength(1), z.maxLength(100)),
  /** The version a result shows on the page, by name as sent: OSV is asked about it in parallel with PyPI. */
  shown: z.optional(z.record(PackageName, Version).check(z.refine((r) => Object.keys(r).length <= 100, 'too many versions'))),
});

// ---- popup (issue 7): lookup, the current tab's verdict, the requirements check, the token check

/** A package typed into the popup; `name` arrives PEP 503-normalised. */
export const Lookup = z.object({ type: z.literal('lookup'), name: PackageName, version: z.optional(Version) });

/** The report for the browser tab `tabId` when it is a pypi.org project page (remembered from its panel if it has one). */
export const GetActiveVerdict = z.object({ type: z.literal('getActiveVerdict'), tabId: z.int().check(z.minimum(0)) });

export const RequirementQuery = z.object({
  name: PackageName,
  /** The exact version of an `==` pin; null for a range or no constraint (then the latest release is checked). */
  pinned: z.nullable(Version),
  specifier: z.nullable(z.string().check(z.maxLength(200))),
});
/** The same cap as the popup's lockfile parser (a requirements.txt stops at MAX_CHECKED_REQUIREMENTS, fewer). */
export const CheckRequirements = z.object({
  type: z.literal('checkRequirements'),
  requirements: z.array(RequirementQuery).check(z.minLength(1), z.maxLength(MAX_LOCKFILE_PACKAGES)),
});

/** GitHub token shapes: classic (ghp_…, 40 hex), fine-grained (github_pat_…), OAuth/app (gho_, ghu_, ghs_). */
export const GithubTokenText = z.string().check(z.regex(/^[A-Za-z0-9_]{20,255}$/, 'not a GitHub token'));
export const ValidateToken = z.object({ type: z.literal('validateToken'), token: GithubTokenText });

/** On pypi.org's 404 page for /project/<name>/: was the package removed as malware (OSV MAL- records)? */
export const CheckRemoved = z.object({ type: z.literal('checkRemoved'), name: PackageName });

/**
 * The project page's lifecycle, for the toolbar button that shows its verdict: pageHidden on pagehide (the badge
 * goes), pageShown when the page comes back from the back/forward cache (the badge of its remembered report returns).
 */
export const PageShown = z.object({ type: z.literal('pageShown'), name: PackageName, version: z.optional(Version) });
export const PageHidden = z.object({ type: z.literal('pageHidden') });

export const Message = z.discriminatedUnion('type', [
  GetReport,
  GetBadges,
  z.object({ type: z.literal('getSettings') }),
  z.object({ type: z.literal('setSettings'), patch: SettingsPatch }),
  z.object({ type: z.literal('clearCache') }),
  Lookup,
  GetActiveVerdict,
  CheckRequirements,
  ValidateToken,
  CheckRemoved,
  ScanCode,
  GetDependencies,
  Prefetch,
  GetEarlyReport,
  PageShown,
  PageHidden,
]);
export type Message = z.infer<typeof Message>;

export type LookupResult =
  | { kind: 'report'; report: Report }
  /** The project exists but has no such release. */
  | { kind: 'no-such-version'; name: string; version: string; latestVersion: string | null; projectUrl: string }
  /** PyPI has no such project: what OSV remembers of the name (a removed malicious package?), and a verdict. */
  | ({ kind: 'not-on-pypi'; verdict: Verdict } & RemovedCheck);

export type ActiveVerdict =
  /** The tab is not a pypi.org project or version page (or the browser does not show us its URL). */
  | { kind: 'not-pypi' }
  /** `remembered`: the panel's own report for this tab, answered without any new request. */
  | { kind: 'report'; name: string; version?: string; report: Report; remembered: boolean };

export type RequirementAdvisory = {
  id: string;
  summary: string | null;
  severity: SeverityBand;
  /** Versions that fix it (PEP 440 ascending); empty when no release fixes it or its record did not load. */
  fixedIn: string[];
  malicious: boolean;
  url: string;
  /** False when only the id is known (the record was not fetched or did not load). */
  detailsLoaded: boolean;
  /** The record was retracted (absent: not withdrawn, or not loaded). */
  withdrawn?: boolean;
};

export type RequirementResult = {
  name: string;
  normalizedName: string;
  pinned: boolean;
  specifier: string | null;
  /** The version that was checked: the pin, or the latest release for an unpinned line. */
  checkedVersion: string | null;
  latestVersion: string | null;
  /** null when PyPI was not asked (pinned lines: OSV alone answers for them). */
  onPypi: boolean | null;
  verdict: Verdict;
  advisories: RequirementAdvisory[];
  /** The lowest release that fixes every advisory that has a fix; null when none applies. */
  upgradeTo: string | null;
  notes: string[];
  /** Malicious code in the checked version (absent in checks made before it was told apart). */
  malware?: DependencyMalware;
};

export type RequirementsCheck = {
  /** One per request item, same order. */
  results: RequirementResult[];
  osv: { state: 'ok' } | { state: 'disabled' } | { state: 'error'; message: string };
  checkedAt: string;
};

export type TokenCheck =
  | { valid: true; limit: number; remaining: number; resetAt: string | null; settings: PublicSettings }
  | { valid: false; reason: string; settings: PublicSettings };

export type RemovedCheck = {
  name: string;
  normalizedName: string;
  /** OSV MAL- records for the name that were not withdrawn; empty: nothing to say, show nothing. */
  malicious: { id: string; summary: string | null; published: string | null; url: string }[];
  osv: { state: 'ok' } | { state: 'disabled' } | { state: 'error'; message: string };
  /** The popular name it resembles, when the typosquat list is loaded. */
  didYouMean: TyposquatCandidate | null;
  /**
   * true: only a weak resemblance (a popular name plus any word, a slip of a niche name), which real projects
   * often share; worth saying of a missing name (anyone can register it), in softer words.
   */
  didYouMeanWeak?: boolean;
};

export type Responses = {
  getReport: Report;
  getBadges: Record<string, BadgeSummary>;
  getSettings: PublicSettings;
  setSettings: PublicSettings;
  clearCache: { removed: number };
  lookup: LookupResult;
  getActiveVerdict: ActiveVerdict;
  checkRequirements: RequirementsCheck;
  validateToken: TokenCheck;
  checkRemoved: RemovedCheck;
  scanCode: Report;
  getDependencies: Report;
  prefetch: { started: boolean };
  /** null: no early stage (provenance was in as soon as the rest): the getReport answer follows at once. */
  getEarlyReport: EarlyReport | null;
  /** Whether the toolbar shows a verdict for the page now. */
  pageShown: { shown: boolean };
  pageHidden: { cleared: boolean };
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
