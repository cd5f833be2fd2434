// The code section: what runs at install and at import, found in the viewed version's sdist and wheel.
import type { Level, SourceError } from './common';
import type { DistributionFile } from './releases';

/** What a code check looked for; one trust finding per check (rule install-code). */
export type CodeCheck =
  | 'sdist-only'
  | 'network'
  | 'process'
  | 'decoded-exec'
  | 'install-hook'
  | 'obfuscated-line'
  | 'pth-file'
  | 'data-script'
  | 'shadowed-package'
  /** A build hook, .pth or script that exists but was not read (too large, unreadable, a foreign encoding…): the reason is in the detail. */
  | 'not-checked'
  /** A build hook or .pth that is a symlink or hardlink inside the archive: pip runs what it points at. */
  | 'linked-file'
  /** Environment variables (or other secrets) sent over the network, or a send to a webhook, paste site, shortener or IP-literal host. */
  | 'exfiltration'
  /** Escape-encoded strings ("\\145\\166…", chr() chains) decoded and passed to eval/exec/getattr: a hidden name or payload. */
  | 'escaped-string'
  /** exec/eval/system reached through getattr(builtins, …), __builtins__.__dict__[…], globals()[…] and the like. */
  | 'builtins-indirection'
  /** An identifier in look-alike Unicode letters that Python folds (NFKC) to another, e.g. ｅｘｅｃ to exec. */
  | 'folded-identifier'
  /** Fetched code run (exec of a response), a shell fed from curl/wget, PowerShell encoded or hidden. */
  | 'download-exec'
  /** A shell or child Python handed to a network connection (/dev/tcp, nc -e, python -c that connects out). */
  | 'reverse-shell'
  /** A PEP 829 .start file: the entry points it names run at every Python start. */
  | 'start-file'
  /** A name or code built from character codes (chr chains, bytes.fromhex, byte lists) passed to exec/eval/getattr. */
  | 'char-codes'
  /** Zero-width, filler or bidi control characters in code, or a bidi override in a string or comment (Trojan Source). */
  | 'invisible-character'
  /** A PyArmor runtime (__pyarmor__, pyarmor_runtime, pytransform): encrypted code nobody can read. */
  | 'pyarmor-loader'
  /** A file marked executable (chmod +x, os.chmod 0o7xx) in code that downloads and starts programs. */
  | 'chmod-exec'
  /** Clipboard, screenshot or keystroke capture; caution or danger when the file also uses the network. */
  | 'stealer-capability'
  /** Autostart entries (Run keys, Startup folder, cron, systemd, LaunchAgents, shell rc files) or writes into site-packages. */
  | 'persistence';

/** When the code of a finding runs: at install (build hooks, .pth, .start), at import (module-level code), or only when called. */
export type CodeRuns = 'install' | 'import' | 'package';

export type CodeFinding = {
  check: CodeCheck;
  level: Level;
  /** The distribution file, e.g. "foo-1.0.tar.gz"; null for findings about the release as a whole. */
  filename: string | null;
  /** Path inside the archive, e.g. "foo-1.0/setup.py". */
  path: string | null;
  line: number | null;
  /** The matched source text, trimmed to ~200 characters. Remote text: render as text only. */
  excerpt: string | null;
  detail: string;
  /** https link to the file (and line) on inspector.pypi.io; null when none can be built. */
  url: string | null;
  /** Findings of the same check in the same distribution left out after this one (caps per file and per check). */
  moreLikeThis?: number;
  /** When this code runs; absent in reports cached before import-time checks: read it as 'install'. */
  runs?: CodeRuns;
  /** True when the previous release (CodeFacts.comparedWith) has no such finding; absent when not compared. */
  newInRelease?: boolean;
};

/** The previous release the findings were compared with, or why they were not. */
export type ReleaseComparison = { version: string; state: 'compared' | 'not-compared'; reason: string | null };

export type ScannedDistribution = {
  filename: string;
  packageType: DistributionFile['packageType'];
  size: number | null;
  sha256: string | null;
  state: 'scanned' | 'error';
  error: SourceError | null;
  /** Entries in the archive, and the paths whose content was read and checked. */
  entryCount: number;
  checkedPaths: string[];
  /** How many paths were read and checked: checkedPaths lists at most the first MAX_LISTED_PATHS. */
  checkedCount: number;
  /** The archive on inspector.pypi.io (https), when it can be built. */
  inspectorUrl: string | null;
  /** Where the scan ran: a worker off the background's thread, or (no worker could start) the background itself. */
  engine?: 'worker' | 'in-thread';
  /** A wheel's own Requires-Dist, from its `<name>-<version>.dist-info/METADATA` (what pip installs from it); absent for an sdist. */
  requiresDist?: WheelRequiresDist | null;
};

/** The Requires-Dist lines of a wheel's METADATA, as written (lib/core-metadata.ts reads them within caps). */
export type WheelRequiresDist = {
  /** The METADATA path inside the wheel. */
  path: string;
  lines: string[];
  /** A cap left lines out (METADATA built to be huge). */
  truncated: boolean;
};

export type CodeFacts = {
  version: string;
  /** too-large: the chosen files exceed the automatic cap; scanning waits for the reader's go-ahead. */
  status: 'scanned' | 'too-large' | 'no-files';
  totalBytes: number;
  capBytes: number;
  hasSdist: boolean;
  hasWheel: boolean;
  distributions: ScannedDistribution[];
  findings: CodeFinding[];
  /** Absent or null: no comparison was asked for (no caution+ install- or import-time finding, or no earlier release). */
  comparedWith?: ReleaseComparison | null;
};
