// The reviewed Sigstore trust root: which file we embed and its sha256. A new root changes this
// pin only through `npm run trust-root:refresh` (which prints the diff of logs and CAs) and a review;
// until then `wxt build` and the unit tests fail on a mismatch (scripts/trust-root-lib.ts).

/** sha256 of the embedded `trusted_root.json` bytes (utils/analysis/provenance/trusted-root.generated.ts). */
export const TRUSTED_ROOT_SHA256 = '6494e21ea73fa7ee769f85f57d5a3e6a08725eae1e38c755fc3517c9e6bc0b66';

/** Where those bytes come from: the production root that `@sigstore/tuf` ships in its TUF seeds. */
export const TRUSTED_ROOT_ORIGIN = {
  npmPackage: '@sigstore/tuf',
  version: '5.0.1',
  file: 'seeds.json',
  tufRepository: 'https://tuf-repo-cdn.sigstore.dev',
  target: 'trusted_root.json',
} as const;
