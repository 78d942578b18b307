/**
 * Client reputation across rounds: a client whose anomaly scores cross a threshold commits an
 * offence that round; one with `strikes` offences within its last `window` observed rounds is
 * excluded from later rounds. The state is plain data, advanced by the pure
 * {@link updateReputation}; {@link Reputation} holds a configuration and the current state.
 */
import { invalidInput } from '../../core/errors.js';
import type { ClientAnomaly } from './client-anomaly-scores.js';
import type { ClientUpdate } from '../../core/aggregator.js';

/** When a round counts as an offence, and how many make a client persistent. */
export interface ReputationConfig {
  /** Offence when `relativeDistance` exceeds this (default 3: three times the round's median distance). */
  readonly maxRelativeDistance: number;
  /** Offence when `cosineToPrevious` is below this (default −0.5: pointing against the last global step). */
  readonly minCosineToPrevious: number;
  /** Rounds of history kept per client (default 5). */
  readonly window: number;
  /** Offences within the window that exclude the client (default 3). */
  readonly strikes: number;
}

/** The defaults of {@link ReputationConfig}. */
export const DEFAULT_REPUTATION_CONFIG: ReputationConfig = { maxRelativeDistance: 3, minCosineToPrevious: -0.5, window: 5, strikes: 3 };

/** One client's record. */
export interface ClientReputation {
  /** Offence flags of the client's last `window` observed rounds, oldest first. */
  readonly recent: readonly boolean[];
  /** Offences over all observed rounds. */
  readonly totalOffences: number;
  /** The round at which it was excluded, or null while it takes part. */
  readonly excludedAtRound: number | null;
}

/** Reputation of every client seen so far, after `round` rounds. */
export interface ReputationState {
  readonly round: number;
  readonly clients: ReadonlyMap<string, ClientReputation>;
}

/** One client's scores in one round. */
export interface ReputationObservation {
  readonly clientId: string;
  readonly anomaly: ClientAnomaly;
}

/** The state before the first round. */
export function initialReputation(): ReputationState {
  return { round: 0, clients: new Map() };
}

/** Whether one round's scores count as an offence under `config`. */
export function isOffence(anomaly: ClientAnomaly, config: ReputationConfig = DEFAULT_REPUTATION_CONFIG): boolean {
  if (anomaly.relativeDistance > config.maxRelativeDistance) return true;
  return anomaly.cosineToPrevious !== null && anomaly.cosineToPrevious < config.minCosineToPrevious;
}

/**
 * The state after one more round: each observed client's offence is appended to its window, and
 * a client reaching `strikes` offences in the window is excluded (for good). Clients not observed
 * this round keep their record. The input state is not modified.
 *
 * @throws AntidoteError `invalid_input` for a bad configuration or a client observed twice in one round.
 */
export function updateReputation(state: ReputationState, observations: readonly ReputationObservation[], config: ReputationConfig = DEFAULT_REPUTATION_CONFIG): ReputationState {
  checkConfig(config);
  const round = state.round + 1;
  const clients = new Map(state.clients);
  const seen = new Set<string>();
  for (const { clientId, anomaly } of observations) {
    if (seen.has(clientId)) throw invalidInput(`reputation: client "${clientId}" is observed twice in round ${round}`);
    seen.add(clientId);
    const before = clients.get(clientId) ?? { recent: [], totalOffences: 0, excludedAtRound: null };
    const offence = isOffence(anomaly, config);
    const recent = [...before.recent, offence].slice(-config.window);
    const strikes = recent.filter(Boolean).length;
    clients.set(clientId, {
      recent,
      totalOffences: before.totalOffences + (offence ? 1 : 0),
      excludedAtRound: before.excludedAtRound ?? (strikes >= config.strikes ? round : null),
    });
  }
  return { round, clients };
}

function checkConfig(c: ReputationConfig): void {
  if (!Number.isInteger(c.window) || c.window < 1) throw invalidInput(`reputation: window is ${c.window}; it must be an integer >= 1`);
  if (!Number.isInteger(c.strikes) || c.strikes < 1 || c.strikes > c.window) {
    throw invalidInput(`reputation: strikes is ${c.strikes}; it must be an integer in [1, window = ${c.window}]`);
  }
  if (!(c.maxRelativeDistance > 0)) throw invalidInput(`reputation: maxRelativeDistance is ${c.maxRelativeDistance}; it must be > 0`);
  if (!(c.minCosineToPrevious >= -1 && c.minCosineToPrevious <= 1)) throw invalidInput(`reputation: minCosineToPrevious is ${c.minCosineToPrevious}; it must be in [-1, 1]`);
}

/**
 * A reputation tracker: configuration plus the current state, advanced once per round.
 *
 * @example
 * const reputation = new Reputation({ strikes: 2 });
 * const kept = reputation.admit(roundUpdates);           // drop excluded clients
 * const robust = coordinateMedian(kept.map((c) => c.update));
 * reputation.observe(kept.map((c, i) => ({ clientId: c.clientId, anomaly: scores[i]! })));
 */
export class Reputation {
  readonly config: ReputationConfig;
  private current: ReputationState;

  constructor(config: Partial<ReputationConfig> = {}, state: ReputationState = initialReputation()) {
    this.config = { ...DEFAULT_REPUTATION_CONFIG, ...config };
    checkConfig(this.config);
    this.current = state;
  }

  /** The current state (plain data, for saving). */
  get state(): ReputationState {
    return this.current;
  }

  /** Records one round's scores; returns the new state. */
  observe(observations: readonly ReputationObservation[]): ReputationState {
    this.current = updateReputation(this.current, observations, this.config);
    return this.current;
  }

  /** Whether the client is excluded. */
  isExcluded(clientId: string): boolean {
    return (this.current.clients.get(clientId)?.excludedAtRound ?? null) !== null;
  }

  /** The excluded clients' ids, sorted. */
  excludedClients(): string[] {
    return [...this.current.clients].filter(([, r]) => r.excludedAtRound !== null).map(([id]) => id).sort();
  }

  /** The round's updates without those of excluded clients. */
  admit<T extends { readonly clientId: string; readonly update: ClientUpdate }>(updates: readonly T[]): T[] {
    return updates.filter((u) => !this.isExcluded(u.clientId));
  }
}
