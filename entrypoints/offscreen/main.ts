// Chrome's offscreen document (reason WORKERS): it only hosts the scan worker, because an MV3 service worker
// cannot construct one. Each MessagePort the service worker sends is handed on to the worker, which then
// talks to the service worker directly (utils/background/scan-hosts.ts). Nothing else runs here.
import { CONNECT_SCAN_WORKER, SCAN_WORKER_PATH } from '../../utils/background/scan-worker-names';

const worker = new Worker(new URL(SCAN_WORKER_PATH, location.href));
navigator.serviceWorker.addEventListener('message', (event: MessageEvent) => {
  const data = event.data as { type?: string } | null;
  if (data?.type === CONNECT_SCAN_WORKER && event.ports[0]) worker.postMessage({ type: CONNECT_SCAN_WORKER }, [event.ports[0]]);
});
navigator.serviceWorker.startMessages();
