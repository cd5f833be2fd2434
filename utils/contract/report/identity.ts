// The identity section: does the name resemble a popular one, does the repository build it, did the owners change.
import type { SourceError } from './common';

/**
 * How a name resembles a popular one (the strongest kind found). Slips of the keyboard: separators, look-alike,
 * transposition, doubled-letter, edit. Shapes of the name (combosquats): affix ("python-", "-py", "py…"),
 * py-swap (py ↔ python), plural, word-order, combo-names (two popular names joined), combo-filler (a popular
 * name plus a filler word such as "install" or "utils"), combo-word (a popular name plus any other word).
 */
export type TyposquatKind =
  | 'separators'
  | 'affix'
  | 'py-swap'
  | 'plural'
  | 'look-alike'
  | 'transposition'
  | 'doubled-letter'
  | 'edit'
  | 'word-order'
  | 'combo-names'
  | 'combo-filler'
  | 'combo-word';

export type TyposquatCandidate = {
  /** The popular name, PEP 503 normalised as the list has it. */
  name: string;
  downloads: number;
  /** 1-based position in the list. */
  rank: number;
  kind: TyposquatKind;
  /** Edit distance (a transposition counts 1; 0 for separator/affix/look-alike matches). */
  distance: number;
  /** combo-names: the other popular name joined to this one (e.g. pandas in requests-pandas). */
  partner?: { name: string; rank: number; url: string };
  /** combo-filler, combo-word: the word added to the popular name (e.g. "install" in pygame-install). */
  filler?: string;
  /** target downloads ÷ the list's smallest count: a lower bound on how many times more it is downloaded. */
  timesMoreAtLeast: number;
  url: string;
};

/** The most-downloaded list the check ran against. */
export type TopListStatus = {
  state: 'fresh' | 'stale' | 'missing';
  /** When hugovk's dump was made (ISO), null when unknown or missing. */
  lastUpdate: string | null;
  count: number;
  /** Download count of the last listed name: anything not listed has fewer. */
  floorDownloads: number | null;
  url: string;
  error?: SourceError;
};

export type TyposquatFacts = {
  /** Is the package itself among the most downloaded? Then it is not checked. */
  listed: boolean;
  rank: number | null;
  /** Most downloaded first; empty when nothing resembles the name. */
  candidates: TyposquatCandidate[];
  /**
   * Weak candidates, most downloaded first, none of them in `candidates`: resemblances real projects often share
   * (a popular name plus any word, a slip of a niche name), which the typosquat rule reports only beside a second
   * signal (a new project, few releases). Absent when there are none.
   */
  weak?: TyposquatCandidate[];
};

export type OwnershipSnapshot = { organization: string | null; roles: { role: string; user: string }[]; seenAt: string };

export type OwnershipDrift = {
  /** When this browser last saw the project's owners (ISO); null on the first visit. */
  lastSeenAt: string | null;
  /** The owners before a change noticed recently; null when nothing changed (or on the first visit). */
  previous: OwnershipSnapshot | null;
  current: { organization: string | null; roles: { role: string; user: string }[] };
  added: { role: string; user: string }[];
  removed: { role: string; user: string }[];
  organizationChanged: { from: string | null; to: string | null } | null;
  /** Releases uploaded after the previous snapshot was seen, oldest first. */
  releasesSince: { version: string; uploadedAt: string }[];
};

export type IdentityFacts = {
  topList: TopListStatus;
  /** null when the top list is missing. */
  typosquat: TyposquatFacts | null;
  /** null when PyPI reported no ownership (or release data is missing). */
  ownership: OwnershipDrift | null;
};

export type DeclaredNameSource = 'pyproject.toml' | 'setup.cfg' | 'setup.py';

export type StarjackingFacts = {
  /**
   * match: the repository declares this package's name; mismatch: it declares another name;
   * unconfirmed: no file, a monorepo, or a name we could not read; skipped: not checked (verified or not GitHub).
   */
  state: 'match' | 'mismatch' | 'unconfirmed' | 'skipped';
  reason: string;
  declaredName: string | null;
  source: DeclaredNameSource | null;
  /** https link to the file on GitHub that declares the name. */
  fileUrl: string | null;
  /** For a mismatch: the package with the declared name, when PyPI knows it. */
  declaredPackage: { name: string; firstUploadAt: string | null; url: string } | null;
  /** The link's sub-folder, when it held no build file we could read (missing or unreadable): the root's were judged. */
  unreadSubPath?: string;
};

export type RepositoryClaimant = { name: string; versions: number; verified: boolean; url: string };

export type RepositoryClaimants = {
  projectKey: string;
  /** Other PyPI packages (not this one), most versions first. */
  packages: RepositoryClaimant[];
  url: string;
};

// ---------------------------------------------------------------- What sources hand to the identity checks

/** The most-downloaded list, compact: the typosquat check's reference. */
export type TopPackages = {
  /** When the dump was made (ISO), null when the body does not say. */
  lastUpdate: string | null;
  /** PEP 503 normalised names, most downloaded first. */
  names: string[];
  /** Downloads over 30 days, same order as `names`. */
  downloads: number[];
};

/** One build file of the linked repository, as read for the starjacking check. */
export type BuildFile = {
  source: DeclaredNameSource;
  /** Path inside the repository, e.g. "libs/core/pyproject.toml". */
  path: string;
  /** The file's text; null when the repository has no such file (404) or it could not be read. */
  text: string | null;
  error: SourceError | null;
  /** https link to the file on GitHub, for the evidence. */
  htmlUrl: string;
};
