// Tolpegin, Truex, Gursoy & Liu 2020, "Data Poisoning Attacks Against Federated Learning Systems" (ESORICS; label flipping by malicious participants).
import type { Labels } from '../../core/detector.js';
import type { ByzantineBehaviour } from './byzantine-behaviour.js';

/**
 * Every label `y` becomes `K − 1 − y` (all classes flipped, none kept; K = the class count).
 *
 * @example
 * flipLabels({ codes: Int32Array.of(0, 3, 9), classes: 10 }).codes; // [9, 6, 0]
 */
export function flipLabels(labels: Labels): Labels {
  const K = labels.classes;
  return { codes: labels.codes.map((y) => (y < 0 ? y : K - 1 - y)), classes: K };
}

/**
 * Byzantine clients that train honestly on their shard with every label flipped
 * ({@link flipLabels}) and send that update unchanged. Attack success is the share of test images
 * classified as their flipped label.
 */
export function labelFlipAttack(): ByzantineBehaviour {
  return {
    name: 'label-flip',
    citation: 'Tolpegin et al. 2020, Data Poisoning Attacks Against Federated Learning Systems',
    trainsLocally: true,
    poisonShard: (shard) => ({ x: shard.x, labels: flipLabels(shard.labels) }),
    craft: (round) => round.ownUpdates.map((u) => u.slice()),
    attackTest: (test) => ({ x: test.x, wanted: flipLabels(test.labels).codes }),
  };
}
