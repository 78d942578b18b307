/**
 * The aggregation rules a simulation runs, by registry name or a short alias, and the options
 * each gets in a round: rules with a Byzantine bound get the configured f; the clipping rules get
 * a radius from the round itself (the median update norm, as FLAME does, Nguyen et al. 2022), so
 * no rule needs tuning by hand.
 */
import type { Aggregator, ClientUpdate } from '../../core/aggregator.js';
import { invalidInput } from '../../core/errors.js';
import { createAggregatorRegistry, type AggregatorRegistry } from '../aggregation/aggregator-registry.js';

/** Short names accepted besides the registry's. */
export const AGGREGATOR_ALIASES: Readonly<Record<string, string>> = {
  fedavg: 'fed-avg',
  mean: 'fed-avg',
  median: 'coordinate-median',
  trmean: 'trimmed-mean',
  mkrum: 'multi-krum',
  gm: 'geometric-median',
  rfa: 'geometric-median',
  cc: 'centered-clipping',
  clip: 'norm-clipping',
  fltrust: 'fl-trust',
};

/** Each rule's precondition on the clients per round, as its paper states it. */
const PRECONDITION: Readonly<Record<string, string>> = {
  'coordinate-median': 'n >= 2f + 1',
  'trimmed-mean': 'n >= 2f + 1',
  krum: 'n >= 2f + 3',
  'multi-krum': 'n >= 2f + 3',
  bulyan: 'n >= 4f + 3',
  'centered-clipping': 'n >= 2f + 1',
  'geometric-median': 'n >= 2f + 1',
};

/**
 * The registered rules named in `names` (registry names or {@link AGGREGATOR_ALIASES}), checked
 * against the round size: every rule must accept `clientsPerRound` clients for `byzantine` f.
 *
 * @throws AntidoteError `invalid_input` for an unknown or repeated name (listing the rules and
 *   aliases), or a rule whose precondition the round breaks (e.g. Bulyan needs n >= 4f + 3).
 *
 * @example
 * resolveAggregators(['fedavg', 'median', 'krum'], 20, 4);
 */
export function resolveAggregators(names: readonly string[], clientsPerRound: number, byzantine: number, registry: AggregatorRegistry = createAggregatorRegistry()): Aggregator[] {
  if (names.length === 0) throw invalidInput(`no aggregator given; available: ${[...registry.keys()].join(', ')}`);
  const seen = new Set<string>();
  return names.map((raw) => {
    const name = AGGREGATOR_ALIASES[raw.trim()] ?? raw.trim();
    const rule = registry.get(name);
    if (!rule) {
      throw invalidInput(`unknown aggregator "${raw}"; available: ${[...registry.keys()].join(', ')} (aliases: ${Object.entries(AGGREGATOR_ALIASES).map(([a, n]) => `${a} = ${n}`).join(', ')})`);
    }
    if (seen.has(name)) throw invalidInput(`aggregator "${name}" is named twice`);
    seen.add(name);
    const min = rule.minClients(byzantine);
    if (clientsPerRound < min) {
      const formula = PRECONDITION[name] ? `${PRECONDITION[name]} = ${min}` : `at least ${min}`;
      throw invalidInput(`aggregator "${name}" cannot tolerate f = ${byzantine} Byzantine clients with n = ${clientsPerRound} clients per round: it needs ${formula} (${rule.citation})`);
    }
    return rule;
  });
}

/** What a round knows when it builds a rule's options. */
export interface RoundAggregationContext {
  /** The Byzantine clients the rules assume (f). */
  readonly byzantine: number;
  /** The previous round's aggregate (zeros before the first round): centered clipping's starting centre. */
  readonly previousAggregate: Float32Array;
  /** The server's update on its root data (FLTrust); absent when no rule needs it. */
  readonly serverUpdate?: Float32Array;
}

/**
 * The options `rule` gets for this round's `updates`: f for Krum, Multi-Krum and Bulyan; the
 * trimmed share β = (f + ½) / n (so exactly f values are cut at each end); the median update norm
 * as norm clipping's bound; the previous aggregate as centered clipping's centre and the median
 * distance to it as τ (three iterations); the server's root update for FLTrust.
 */
export function roundAggregatorOptions(rule: Aggregator, updates: readonly ClientUpdate[], context: RoundAggregationContext): Record<string, unknown> {
  const f = context.byzantine;
  const n = updates.length;
  switch (rule.name) {
    case 'krum':
    case 'multi-krum':
    case 'bulyan':
      return { f };
    case 'trimmed-mean':
      return { beta: Math.min(0.49, (f + 0.5) / n) };
    case 'norm-clipping':
      return { bound: Math.max(medianOf(updates.map((u) => norm(u.values))), Number.MIN_VALUE) };
    case 'centered-clipping': {
      const center = context.previousAggregate;
      return { center, iterations: 3, tau: Math.max(medianOf(updates.map((u) => norm(u.values, center))), Number.MIN_VALUE) };
    }
    case 'fl-trust':
      if (!context.serverUpdate) throw invalidInput('fl-trust needs the server update of its root data set; the simulation holds some training rows back for it');
      return { serverUpdate: context.serverUpdate };
    default:
      return {};
  }
}

function norm(x: Float32Array, center?: Float32Array): number {
  let s = 0;
  for (let p = 0; p < x.length; p++) {
    const v = x[p]! - (center ? center[p]! : 0);
    s += v * v;
  }
  return Math.sqrt(s);
}

function medianOf(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}
