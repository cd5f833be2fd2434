// The scan worker's protocol, end to end over a real MessageChannel with the real worker side (serveScans),
// and the engine's fallback, hang and idle handling on a clock the test drives (no timed assertion).
import { describe, expect, it } from 'vitest';
import { scanDistribution } from '../../../../../utils/analysis/code-scan';
import { serveScans, type ScanPort } from '../../../../../utils/background/build/scan-protocol';
import { type ScanHost, type Timers, workerEngine } from '../../../../../utils/background/build/scan-engine';
import { dedicatedWorkerHost } from '../../../../../utils/background/scan-hosts';
import { INSTALL_HOOK_SETUP_PY, metaFor, syntheticSdist } from '../../analysis/code-scan/synthetic-archives';

/** Timers that fire only when the test says so. */
function manualTimers() {
  const pending = new Map<number, { run: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    set: (run, ms) => {
      pending.set(next, { run, ms });
      return next++;
    },
    clear: (handle) => void pending.delete(handle as number),
  };
  /** Fires every pending timer of `ms` (the hang, ready or idle one). */
  const fire = (ms: number) => {
    for (const [id, t] of [...pending]) {
      if (t.ms !== ms) continue;
      pending.delete(id);
      t.run();
    }
  };
  return { timers, fire, delays: () => [...pending.values()].map((t) => t.ms) };
}

/** A worker's port that says ready once listened to (as a MessagePort queues until then), and answers with `reply`. */
function fakePort(reply: (message: { type: string; id: number }, answer: (data: unknown) => void) => void, sent: unknown[] = []): ScanPort {
  let handler: ScanPort['onmessage'] = null;
  const answer = (data: unknown) => queueMicrotask(() => handler?.({ data } as MessageEvent));
  return {
    postMessage: (message) => {
      sent.push(message);
      reply(message as { type: string; id: number }, answer);
    },
    get onmessage() {
      return handler;
    },
    set onmessage(next) {
      const first = handler === null;
      handler = next;
      if (first && next) answer({ type: 'ready' });
    },
  };
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A host whose worker side is the real serveScans on the other end of a MessageChannel; records what crossed. */
function channelHost(log: { requests: unknown[]; stops: number }): () => Promise<ScanHost> {
  return () => {
    const channel = new MessageChannel();
    const workerSide = channel.port2 as unknown as ScanPort;
    const recordingPort: ScanPort = {
      postMessage: (message, transfer) => workerSide.postMessage(message, transfer),
      set onmessage(handler) {
        workerSide.onmessage = handler && ((event) => (log.requests.push(event.data), handler(event)));
      },
      get onmessage() {
        return workerSide.onmessage;
      },
    };
    serveScans(recordingPort, () => 0);
    return Promise.resolve({
      port: channel.port1 as unknown as ScanPort,
      stop: () => {
        log.stops += 1;
        channel.port1.close();
        channel.port2.close();
      },
    });
  };
}

async function hookSdist() {
  const bytes = await syntheticSdist('synthetic-hook', '1.0', { 'setup.py': INSTALL_HOOK_SETUP_PY });
  return { bytes, meta: metaFor('synthetic-hook-1.0.tar.gz', 'synthetic-hook', '1.0', bytes.length) };
}

describe('workerEngine: the scan in a worker', () => {
  it('sends the bytes (transferred, not copied), the metadata and the budget; returns the same scan as in-thread', async () => {
    const { bytes, meta } = await hookSdist();
    const expected = await scanDistribution(bytes.slice(), meta, { now: () => 0, budgetMs: 6_000 });
    const log = { requests: [] as unknown[], stops: 0 };
    const clock = manualTimers();
    const engine = workerEngine({ open: channelHost(log), now: () => 0, timers: clock.timers });
    const length = bytes.byteLength;
    const scan = await engine.scan(bytes, meta, 6_000);

    expect(bytes.byteLength).toBe(0); // the buffer moved to the worker: detached here
    expect(log.requests).toHaveLength(1);
    const request = log.requests[0] as { type: string; id: number; bytes: ArrayBuffer; meta: unknown; budgetMs: number };
    expect(request.type).toBe('scan');
    expect(request.bytes).toBeInstanceOf(ArrayBuffer);
    expect(request.bytes.byteLength).toBe(length);
    expect(request.meta).toEqual(meta);
    expect(request.budgetMs).toBe(6_000);
    expect(scan.distribution.engine).toBe('worker');
    expect(scan.findings).toEqual(expected.findings);
    expect(scan.complete).toBe(expected.complete);
    expect({ ...scan.distribution, engine: undefined }).toEqual({ ...expected.distribution, engine: undefined });
    expect(scan.findings.some((f) => f.check === 'install-hook')).toBe(true);
  });

  it('a view of part of a buffer is copied out first; the rest of the buffer is left alone', async () => {
    const { bytes, meta } = await hookSdist();
    const padded = new Uint8Array(bytes.length + 8);
    padded.set(bytes, 4);
    const view = padded.subarray(4, 4 + bytes.length);
    const engine = workerEngine({ open: channelHost({ requests: [], stops: 0 }), now: () => 0, timers: manualTimers().timers });
    const scan = await engine.scan(view, meta, 6_000);
    expect(padded.byteLength).toBe(bytes.length + 8);
    expect(scan.distribution.state).toBe('scanned');
    expect(scan.distribution.engine).toBe('worker');
  });

  it('falls back to the in-thread scan when no worker starts (a failed createDocument)', async () => {
    const { bytes, meta } = await hookSdist();
    const expected = await scanDistribution(bytes.slice(), meta, { now: () => 0, budgetMs: 6_000 });
    let opens = 0;
    const engine = workerEngine({
      open: () => {
        opens += 1;
        return Promise.reject(new Error('Only a single offscreen document may be created'));
      },
      now: () => 0,
      timers: manualTimers().timers,
    });
    const scan = await engine.scan(bytes, meta, 6_000);
    expect(scan.distribution.engine).toBe('in-thread');
    expect(scan.findings).toEqual(expected.findings);
    // A failure is not remembered: the next scan tries to start a worker again.
    await engine.scan(bytes.slice(), meta, 6_000);
    expect(opens).toBe(2);
  });

  it('a worker that never says ready is stopped and the scan runs in-thread', async () => {
    const { bytes, meta } = await hookSdist();
    const clock = manualTimers();
    let stops = 0;
    const silent: ScanPort = { postMessage: () => undefined, onmessage: null };
    const engine = workerEngine({
      open: () => Promise.resolve({ port: silent, stop: () => void (stops += 1) }),
      now: () => 0,
      timers: clock.timers,
      readyMs: 5_000,
    });
    const scanning = engine.scan(bytes, meta, 6_000);
    await tick();
    clock.fire(5_000);
    const scan = await scanning;
    expect(scan.distribution.engine).toBe('in-thread');
    expect(stops).toBe(1);
  });

  it('a hung worker (no answer by budget + margin) is terminated; its scan is "not checked: did not finish", never clean', async () => {
    const { bytes, meta } = await hookSdist();
    const clock = manualTimers();
    let stops = 0;
    let opens = 0;
    const requests: unknown[] = [];
    const open = () => {
      opens += 1;
      // Ready, then silence: the scan it was sent never comes back.
      return Promise.resolve({ port: fakePort(() => undefined, requests), stop: () => void (stops += 1) });
    };
    const engine = workerEngine({ open, now: () => 0, timers: clock.timers, marginMs: 4_000 });
    const scanning = engine.scan(bytes, meta, 6_000);
    await tick();
    expect(requests).toHaveLength(1);
    expect(clock.delays()).toContain(10_000);
    clock.fire(10_000);
    const scan = await scanning;
    expect(stops).toBe(1);
    expect(scan.complete).toBe(false);
    expect(scan.distribution.engine).toBe('worker');
    expect(scan.findings).toHaveLength(1);
    expect(scan.findings[0]).toMatchObject({ check: 'not-checked', level: 'caution', filename: meta.filename });
    expect(scan.findings[0]!.detail).toMatch(/^Not checked: the scan did not finish/);
    // The next scan starts a fresh worker.
    void engine.scan((await hookSdist()).bytes, meta, 6_000);
    await tick();
    expect(opens).toBe(2);
  });

  it('a scan the worker failed on rejects (the caller reports it), it does not come back clean', async () => {
    const { meta } = await hookSdist();
    const port = fakePort((m, answer) => answer({ type: 'failed', id: m.id, message: 'boom' }));
    const engine = workerEngine({
      open: () => Promise.resolve({ port, stop: () => undefined }),
      now: () => 0,
      timers: manualTimers().timers,
    });
    await expect(engine.scan(new Uint8Array(8), meta, 6_000)).rejects.toThrow('boom');
  });

  it('an idle worker is closed (Chrome keeps one offscreen document); the next scan opens another', async () => {
    const { bytes, meta } = await hookSdist();
    const clock = manualTimers();
    const log = { requests: [] as unknown[], stops: 0 };
    let opens = 0;
    const open = channelHost(log);
    const engine = workerEngine({ open: () => (opens++, open()), now: () => 0, timers: clock.timers, idleMs: 30_000 });
    await engine.scan(bytes, meta, 6_000);
    await engine.scan((await hookSdist()).bytes, meta, 6_000);
    expect(opens).toBe(1); // reused while busy
    expect(clock.delays()).toEqual([30_000]);
    clock.fire(30_000);
    await tick();
    expect(log.stops).toBe(1);
    const again = await engine.scan((await hookSdist()).bytes, meta, 6_000);
    expect(again.distribution.engine).toBe('worker');
    expect(opens).toBe(2);
  });
});

describe('dedicatedWorkerHost (Firefox)', () => {
  it('hands the worker a port with the connect message, and terminates it on stop', async () => {
    const posted: { message: unknown; transfer: Transferable[] }[] = [];
    let terminated = 0;
    class FakeWorker {
      constructor(readonly url: string) {}
      postMessage(message: unknown, transfer: Transferable[]) {
        posted.push({ message, transfer });
      }
      terminate() {
        terminated += 1;
      }
    }
    const host = await dedicatedWorkerHost(FakeWorker, 'moz-extension://id/scan-worker.js')();
    expect(posted).toHaveLength(1);
    expect(posted[0]!.message).toEqual({ type: 'pypi-trust-connect-scan-worker' });
    expect(posted[0]!.transfer[0]).toBeInstanceOf(MessagePort);
    await host.stop();
    expect(terminated).toBe(1);
  });
});
