/**
 * The absence of an attack: "Byzantine" clients train on their own shard and send their true
 * update, so an attack-free run has the same clients, data and randomness as an attacked one.
 */
import type { ByzantineBehaviour } from './byzantine-behaviour.js';

/** Clients that behave honestly (the attack `none`). */
export function honestBehaviour(): ByzantineBehaviour {
  return {
    name: 'none',
    citation: 'no attack (McMahan et al. 2017 local training)',
    trainsLocally: true,
    craft: (round) => round.ownUpdates.map((u) => u.slice()),
  };
}
