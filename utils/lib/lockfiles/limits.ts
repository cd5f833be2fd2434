// The lockfile cap the message contract shares, alone in a file that imports nothing: contract/messages.ts is in
// every content script, and importing common.ts from it pulled pip-requirements-js (and its grammar, which
// holds U+10FFFF, a character Chrome's UTF-8 check refuses in a content script) into the page bundles.

/** Packages one lockfile check sends to the background (the message contract's cap): five OSV batches. */
export const MAX_LOCKFILE_PACKAGES = 5_000;
