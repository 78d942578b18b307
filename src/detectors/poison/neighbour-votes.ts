/**
 * Label votes of a row's nearest neighbours, shared by the kNN label-disagreement and Deep k-NN
 * detectors: the share of neighbours that carry the row's own label, the largest share carrying
 * one other label, and a closeness in (0, 1) used to break ties between equal vote counts.
 */
import { quantiles } from '../../kernels/quantiles.js';
import type { Neighbours } from './nearest-neighbours.js';

/** Per query row: vote shares and closeness. */
export interface NeighbourVotes {
  /** Share of the k neighbours with the row's label (1 for a row without a label). */
  readonly agreement: Float64Array;
  /** Largest share of the k neighbours with one other label. */
  readonly topOther: Float64Array;
  /** The label with that share (-1 when every neighbour agrees). */
  readonly topOtherLabel: Int32Array;
  /** 1 / (1 + mean neighbour distance / scale): higher for rows in denser neighbourhoods. */
  readonly closeness: Float64Array;
}

/** The median over rows of the mean distance to their neighbours: the scale of {@link neighbourVotes}' closeness. */
export function typicalNeighbourDistance(neighbours: Neighbours): number {
  const { k, distances } = neighbours;
  const n = k === 0 ? 0 : distances.length / k;
  if (n === 0) return 1;
  const means = new Float64Array(n);
  for (let q = 0; q < n; q++) {
    let s = 0;
    for (let j = 0; j < k; j++) s += distances[q * k + j]!;
    means[q] = s / k;
  }
  const median = quantiles(means, [0.5])[0]!;
  return median > 0 ? median : 1;
}

/**
 * Counts the labels of each query row's neighbours.
 *
 * @param neighbours from {@link nearestNeighbours}, indices into `referenceCodes`
 * @param referenceCodes the label of each reference row (all >= 0)
 * @param queryCodes the label of each query row (-1 = none)
 * @param classes number of classes
 * @param scale distance scale of the closeness (see {@link typicalNeighbourDistance})
 */
export function neighbourVotes(neighbours: Neighbours, referenceCodes: Int32Array, queryCodes: Int32Array, classes: number, scale: number): NeighbourVotes {
  const { k, indices, distances } = neighbours;
  const n = queryCodes.length;
  const agreement = new Float64Array(n);
  const topOther = new Float64Array(n);
  const topOtherLabel = new Int32Array(n).fill(-1);
  const closeness = new Float64Array(n);
  const counts = new Int32Array(classes);
  for (let q = 0; q < n; q++) {
    counts.fill(0);
    let sum = 0;
    for (let j = 0; j < k; j++) {
      counts[referenceCodes[indices[q * k + j]!]!]!++;
      sum += distances[q * k + j]!;
    }
    const own = queryCodes[q]!;
    if (k === 0 || own < 0) {
      agreement[q] = 1;
    } else {
      agreement[q] = counts[own]! / k;
      let best = 0;
      for (let c = 0; c < classes; c++) {
        if (c !== own && counts[c]! > best) {
          best = counts[c]!;
          topOtherLabel[q] = c;
        }
      }
      topOther[q] = best / k;
    }
    closeness[q] = k === 0 ? 1 : 1 / (1 + sum / k / scale);
  }
  return { agreement, topOther, topOtherLabel, closeness };
}
