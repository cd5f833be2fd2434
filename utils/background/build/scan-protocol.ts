// What crosses between the background and the scan worker (entrypoints/scan-worker.ts), and the worker's
// side of it. Plain data both ways: the archive's ArrayBuffer is transferred (moved, not copied) with its
// metadata and budget; the DistributionScan comes back as structured-clone data. Imports the scanner and
// contract types only: the worker's bundle holds no UI, no zod schema, no network client.
import { scanDistribution, type DistributionMeta, type DistributionScan } from '../../analysis/code-scan';

export type ScanRequestMessage = { type: 'scan'; id: number; bytes: ArrayBuffer; meta: DistributionMeta; budgetMs: number };
export type ScanReply =
  | { type: 'ready' }
  | { type: 'scanned'; id: number; scan: DistributionScan }
  | { type: 'failed'; id: number; message: string };

/** A MessagePort, or anything that talks like one (a Worker, a fake in tests). */
export type ScanPort = {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent) => void) | null;
};

/** The worker's side: answers `ready` at once, then each scan request with its result (or why it failed). */
export function serveScans(port: ScanPort, now: () => number): void {
  port.onmessage = ({ data }) => {
    const request = data as ScanRequestMessage;
    if (request?.type !== 'scan') return;
    scanDistribution(new Uint8Array(request.bytes), request.meta, { now, budgetMs: request.budgetMs }).then(
      (scan) => port.postMessage({ type: 'scanned', id: request.id, scan } satisfies ScanReply),
      (error: unknown) =>
        port.postMessage({
          type: 'failed',
          id: request.id,
          message: String(error instanceof Error ? error.message : error),
        } satisfies ScanReply),
    );
  };
  port.postMessage({ type: 'ready' } satisfies ScanReply);
}
