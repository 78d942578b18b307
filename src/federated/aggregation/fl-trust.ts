// Cao, Fang, Liu & Gong 2021, "FLTrust: Byzantine-robust Federated Learning via Trust Bootstrapping".
import type { ClientUpdate } from '../../core/aggregator.js';
import { validateUpdates, vectorOption } from './validate-updates.js';
import { dot, l2Norm } from './vector-arithmetic.js';

/** Options of {@link flTrust}. */
export interface FlTrustOptions {
  /** The server's own update this round, trained on its small clean root data set. */
  readonly serverUpdate: Float32Array;
}

/**
 * FLTrust: each client's trust score is `ReLU(cos(gᵢ, g₀))` against the server's root-data update
 * g₀; each update is rescaled to g₀'s norm; the result is `Σ TSᵢ · (‖g₀‖/‖gᵢ‖) gᵢ / Σ TSᵢ`.
 * A zero update, or one pointing away from g₀, gets no weight; when no client has any trust the
 * result is the zero vector (no step this round). Ignores `numExamples`.
 *
 * @throws AntidoteError `invalid_input` for an empty round, unequal lengths, or a server update
 *   missing or of the wrong length.
 *
 * @example
 * const global = flTrust(updates, { serverUpdate: rootUpdate });
 */
export function flTrust(updates: readonly ClientUpdate[], options: FlTrustOptions): Float32Array {
  const { d } = validateUpdates(updates, 'flTrust');
  const g0 = vectorOption(options?.serverUpdate, 'serverUpdate', 'flTrust', d);
  const norm0 = l2Norm(g0);
  const acc = new Float64Array(d);
  let totalTrust = 0;
  for (const u of updates) {
    const norm = l2Norm(u.values);
    if (norm === 0 || norm0 === 0) continue;
    const trust = Math.max(0, dot(u.values, g0) / (norm * norm0));
    if (trust === 0) continue;
    totalTrust += trust;
    const scale = (trust * norm0) / norm;
    const x = u.values;
    for (let p = 0; p < d; p++) acc[p]! += scale * x[p]!;
  }
  const out = new Float32Array(d);
  if (totalTrust > 0) for (let p = 0; p < d; p++) out[p] = acc[p]! / totalTrust;
  return out;
}
