// User Timing marks the extension leaves on the timelines of the page and of its worker (DevTools' Performance
// panel shows them; the bench reads them): the prefetch leaving the page, and the worker able to answer it.
/** On the project page, when the prefetch message is sent (document_start). */
export const PREFETCH_SENT_MARK = 'pypi-trust-panel:prefetch-sent';
/** In the background (service worker or page), when its script is evaluated and its listeners are in. */
export const WORKER_READY_MARK = 'pypi-trust-panel:worker-ready';
