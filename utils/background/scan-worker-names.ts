// The names the background, the offscreen document and the scan worker agree on; alone in this file so the
// offscreen document's bundle holds nothing else.
/** The message that hands a MessagePort on to the scan worker (service worker → offscreen document → worker, or page → worker). */
export const CONNECT_SCAN_WORKER = 'pypi-trust-connect-scan-worker';
export const SCAN_WORKER_PATH = '/scan-worker.js';
export const OFFSCREEN_PATH = '/offscreen.html';
