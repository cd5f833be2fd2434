// The verifier's version, part of every cached verification's key: its own module, so that the cache can name it
// without evaluating the verifier (sigstore-browser, its curve tables) at the worker's start.
export const VERIFIER_VERSION = 'pep740-1+sigstore-browser-0.1.14';
