// How the background starts its scan worker, per browser (the entrypoint hands in the APIs). Chrome MV3: a
// service worker has no `Worker` constructor (w3c/webextensions#287, crbug 1219164), so an offscreen document
// (reason WORKERS) hosts it and passes on a MessagePort the service worker sends it. Firefox MV2: the
// background page constructs the Worker itself. Neither: the scan stays in-thread (scan-engine.ts).
import { inThreadEngine, workerEngine, type ScanEngine, type ScanHost } from './build/scan-engine';
import { CONNECT_SCAN_WORKER, OFFSCREEN_PATH, SCAN_WORKER_PATH } from './scan-worker-names';

export type OffscreenApi = {
  createDocument(parameters: { url: string; reasons: string[]; justification: string }): Promise<void>;
  closeDocument(): Promise<void>;
  hasDocument?(): Promise<boolean>;
};
type Client = { url: string; postMessage(message: unknown, transfer: Transferable[]): void };
export type ClientsApi = { matchAll(options: { includeUncontrolled: boolean; type: 'all' }): Promise<readonly Client[]> };
type WorkerLike = { postMessage(message: unknown, transfer: Transferable[]): void; terminate(): void };

export type ScanPlatform = {
  getURL: (path: string) => string;
  /** chrome.offscreen and the service worker's `clients` (Chrome MV3). */
  offscreen?: OffscreenApi;
  clients?: ClientsApi;
  /** The Worker constructor, where the background has one (Firefox's background page). */
  Worker?: new (
    url: string,
  ) => WorkerLike;
};

export function platformScanEngine(platform: ScanPlatform, now: () => number): ScanEngine {
  const { offscreen, clients, Worker } = platform;
  if (offscreen && clients) return workerEngine({ open: offscreenHost(offscreen, clients, platform.getURL(OFFSCREEN_PATH)), now });
  if (Worker) return workerEngine({ open: dedicatedWorkerHost(Worker, platform.getURL(SCAN_WORKER_PATH)), now });
  return inThreadEngine(now);
}

export function dedicatedWorkerHost(WorkerClass: new (url: string) => WorkerLike, url: string): () => Promise<ScanHost> {
  return () => {
    const worker = new WorkerClass(url);
    const channel = new MessageChannel();
    worker.postMessage({ type: CONNECT_SCAN_WORKER }, [channel.port2]);
    return Promise.resolve({
      port: channel.port1,
      stop: () => {
        channel.port1.close();
        worker.terminate();
      },
    });
  };
}

export function offscreenHost(offscreen: OffscreenApi, clients: ClientsApi, url: string): () => Promise<ScanHost> {
  return async () => {
    // Chrome allows one offscreen document: one an earlier life of this service worker left open is closed,
    // not reused (the port it had died with that life).
    if (await offscreen.hasDocument?.()) await offscreen.closeDocument().catch(() => undefined);
    await offscreen.createDocument({
      url,
      reasons: ['WORKERS'],
      justification: "Scans a package's downloaded archive in a worker, so the scan never delays the verdict of other pages.",
    });
    const page = (await clients.matchAll({ includeUncontrolled: true, type: 'all' })).find((c) => c.url === url);
    if (!page) {
      await offscreen.closeDocument().catch(() => undefined);
      throw new Error('the offscreen document is not among the clients');
    }
    const channel = new MessageChannel();
    page.postMessage({ type: CONNECT_SCAN_WORKER }, [channel.port2]);
    return {
      port: channel.port1,
      stop: async () => {
        channel.port1.close();
        await offscreen.closeDocument();
      },
    };
  };
}
