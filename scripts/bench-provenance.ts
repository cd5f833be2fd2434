// Bench hook (scripts/bench/extras.ts): time to verify one PEP 740 attestation in Node 20, with the
// same code the background runs. firstCall: the first verification in the process (module start-up,
// trust-root hash, key imports); cold: after the verifier forgot its imported keys (a worker restart);
// warm: keys imported; cached: a repeat answered from the verification cache.
import { verifyFileCached } from '../utils/background/build/provenance-cache';
import { runVerificationCase, type VerificationCase } from '../utils/analysis/provenance/self-test';
import { resetVerifierState } from '../utils/analysis/provenance/verify';
import { MemoryCache } from '../utils/sources/http';
import { readRecorded } from '../test/support/fixtures';

/** sampleproject 4.0.0: a real production attestation (GitHub Trusted Publishing, Rekor v1). */
const SAMPLEPROJECT: VerificationCase = {
  shape: 'provenance',
  body: readRecorded('provenance/sampleproject-4.0.0.tar.gz.provenance'),
  dist: { filename: 'sampleproject-4.0.0.tar.gz', sha256: '0ace7980f82c5815ede4cd7bf9f6693684cec2ae47b9b7ade9add533b8627c6b' },
};

export async function runProvenanceBench(runs = 10) {
  const first = await runVerificationCase(SAMPLEPROJECT);
  if (first.state !== 'verified') throw new Error(`sampleproject did not verify: ${first.reason}`);
  const coldMs: number[] = [];
  const warmMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    resetVerifierState();
    coldMs.push((await runVerificationCase(SAMPLEPROJECT)).ms);
    warmMs.push((await runVerificationCase(SAMPLEPROJECT)).ms);
  }
  const cache = new MemoryCache();
  const input = { filename: SAMPLEPROJECT.dist.filename, sha256: SAMPLEPROJECT.dist.sha256, body: SAMPLEPROJECT.body };
  await verifyFileCached(input, cache, () => 0);
  const cachedMs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await verifyFileCached(input, cache, () => 0);
    cachedMs.push(performance.now() - started);
  }
  return { firstCallMs: first.ms, coldMs, warmMs, cachedMs };
}
