import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/rng.js';
import { clientAnomalyScores, type ClientAnomaly } from './client-anomaly-scores.js';
import { coordinateMedian } from './coordinate-median.js';
import { Reputation, initialReputation, isOffence, updateReputation } from './reputation.js';

const normal: ClientAnomaly = { distanceToAggregate: 1, relativeDistance: 1, cosineToPrevious: 0.9 };
const far: ClientAnomaly = { distanceToAggregate: 10, relativeDistance: 10, cosineToPrevious: 0.9 };
const against: ClientAnomaly = { distanceToAggregate: 1, relativeDistance: 1, cosineToPrevious: -0.9 };

describe('reputation', () => {
  it('counts a round as an offence for a far update or one against the last global step', () => {
    expect(isOffence(normal)).toBe(false);
    expect(isOffence(far)).toBe(true);
    expect(isOffence(against)).toBe(true);
    expect(isOffence({ ...against, cosineToPrevious: null })).toBe(false);
  });

  it('excludes a client at its third offence within five rounds, not one that offends now and then', () => {
    let state = initialReputation();
    const pattern = { persistent: [far, normal, against, far], occasional: [far, normal, normal, normal, normal, far, normal] };
    for (let r = 0; r < 7; r++) {
      const obs = Object.entries(pattern)
        .filter(([, seq]) => r < seq.length)
        .map(([clientId, seq]) => ({ clientId, anomaly: seq[r]! }));
      const before = state;
      state = updateReputation(state, obs);
      expect(before.round).toBe(r); // the input state is not modified
    }
    expect(state.clients.get('persistent')!.excludedAtRound).toBe(4);
    expect(state.clients.get('occasional')!.excludedAtRound).toBeNull();
    expect(state.clients.get('occasional')!.totalOffences).toBe(2);
    expect(state.clients.get('occasional')!.recent).toHaveLength(5);
  });

  it('stays excluded once excluded, and refuses a client twice in a round or a bad config', () => {
    const rep = new Reputation({ strikes: 1, window: 1 });
    rep.observe([{ clientId: 'a', anomaly: far }]);
    rep.observe([{ clientId: 'a', anomaly: normal }]);
    expect(rep.isExcluded('a')).toBe(true);
    expect(() => rep.observe([{ clientId: 'b', anomaly: normal }, { clientId: 'b', anomaly: far }])).toThrow(/observed twice/);
    expect(() => new Reputation({ strikes: 6, window: 5 })).toThrow(/strikes is 6/);
  });

  it('over simulated rounds, excludes the sign-flipping clients and only them', () => {
    const rng = createRng(3);
    const d = 50;
    const direction = Float32Array.from({ length: d }, () => rng.normal());
    const rep = new Reputation();
    let previous: Float32Array | undefined;
    for (let round = 0; round < 8; round++) {
      const clients = Array.from({ length: 20 }, (_, i) => {
        const honest = direction.map((v) => v + 0.5 * rng.normal());
        const values = i < 4 ? honest.map((v) => -3 * v) : honest; // clients 0-3 flip and scale
        return { clientId: `c${i}`, update: { values, numExamples: 1 } };
      });
      const kept = rep.admit(clients);
      const updates = kept.map((c) => c.update);
      const robust = coordinateMedian(updates);
      const scores = clientAnomalyScores(updates, robust, previous);
      rep.observe(kept.map((c, i) => ({ clientId: c.clientId, anomaly: scores[i]! })));
      previous = robust;
    }
    expect(rep.excludedClients()).toEqual(['c0', 'c1', 'c2', 'c3']);
  });
});
