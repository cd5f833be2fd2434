// The scan worker: scanDistribution off the background's thread (utils/background/build/scan-protocol.ts).
// Started by the offscreen document (Chrome) or the background page (Firefox), which sends it the port to serve.
import { serveScans } from '../utils/background/build/scan-protocol';
import { CONNECT_SCAN_WORKER } from '../utils/background/scan-worker-names';

export default defineUnlistedScript(() => {
  globalThis.addEventListener('message', (event: MessageEvent) => {
    const data = event.data as { type?: string } | null;
    if (data?.type === CONNECT_SCAN_WORKER && event.ports[0]) serveScans(event.ports[0], () => performance.now());
  });
});
