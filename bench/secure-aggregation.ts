/**
 * One round of practical secure aggregation (Bonawitz et al. 2017): 100 clients x 100k parameters,
 * 10% of them dropping out after sharing their keys (the server must then rebuild their mask keys
 * and remove their pairwise masks, its most expensive case). Every message crosses as JSON text.
 *
 *   node --import tsx bench/secure-aggregation.ts [--clients 100] [--dimension 100000] [--dropouts 10] [--threshold 51]
 *
 * No peer implementation exists here, so the absolute times are printed beside the goal
 * (server time < 10 s). Client time is the total over all simulated clients, which in a real
 * deployment run in parallel on their own machines.
 */
import { loadavg } from 'node:os';
import { createRng } from '../src/core/rng.js';
import { runSecAggRound, type SecAggDropoutStage } from '../src/federated/secure/run-secagg-round.js';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const clients = arg('clients', 100);
const dimension = arg('dimension', 100_000);
const dropouts = arg('dropouts', Math.round(clients / 10));
const threshold = arg('threshold', Math.floor(clients / 2) + 1);
const fixedPoint = { scale: 2 ** 16, maxAbsValue: 100 };

const rng = createRng(2017);
const inputs = Array.from({ length: clients }, (_, c) => ({
  clientId: `client-${String(c).padStart(3, '0')}`,
  values: Float32Array.from({ length: dimension }, () => 0.1 * rng.normal()),
}));
// Drop every tenth client before it sends its masked input.
const dropped: Record<string, SecAggDropoutStage> = {};
for (let k = 0; k < dropouts; k++) dropped[inputs[Math.floor((k * clients) / dropouts)]!.clientId] = 'masked-input';

console.log(`machine load (1, 5, 15 min): ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
const t0 = performance.now();
const result = runSecAggRound({ config: { sessionId: 'bench', clientCount: clients, threshold, dimension, fixedPoint }, inputs, dropouts: dropped });
const wallMs = performance.now() - t0;

const exact = new Float64Array(dimension);
for (const input of inputs) if (result.survivors.includes(input.clientId)) input.values.forEach((v, i) => (exact[i] = exact[i]! + v));
let worst = 0;
result.sum.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - exact[i]!))));

console.log(`secure aggregation: ${clients} clients x ${dimension} parameters, ${dropouts} dropped after sharing keys, threshold t = ${threshold}, ${result.survivors.length} in the sum`);
const s = (ms: number): string => (ms / 1000).toFixed(2);
console.log(`server time: ${s(result.serverMs)} s wall, ${s(result.serverCpuMs)} s CPU (goal < 10 s: ${result.serverMs < 10_000 ? 'met' : 'NOT met'})`);
console.log(
  `client time: ${s(result.clientMs)} s wall, ${s(result.clientCpuMs)} s CPU over all ${clients} clients; ` +
    `${(result.clientMs / clients / 1000).toFixed(3)} s wall, ${(result.clientCpuMs / clients / 1000).toFixed(3)} s CPU per client on average`,
);
console.log(`whole simulated round (one process, including JSON transport): ${(wallMs / 1000).toFixed(2)} s`);
console.log(`max |recovered - exact| of the sum: ${worst.toExponential(2)} (fixed-point bound ${((result.survivors.length * 0.5) / fixedPoint.scale).toExponential(2)})`);
console.log(`machine load after: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
if (worst > (result.survivors.length * 0.5) / fixedPoint.scale + 1e-9) {
  console.error('the recovered sum is wrong');
  process.exit(1);
}
