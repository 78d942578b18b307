// Conflicting labels on exact and near duplicates, a data-validation check (near duplicates found as in Lee et al., "Deduplicating Training Data Makes Language Models Better", ACL 2022).
import type { DetectorInput, DetectorOptions, Labels } from '../../core/detector.js';
import { invalidInput } from '../../core/errors.js';
import type { Matrix } from '../../core/matrix.js';
import { checkContamination } from './contamination-offset.js';
import { duplicateGraph, type DuplicateGraph, type DuplicateKind } from './find-duplicates.js';
import { checkNeighbourOptions, type NeighbourSearch, type Neighbours } from './nearest-neighbours.js';
import { checkFeatures, checkLabels, checkRng, checkScoringFeatures } from './poison-input.js';
import { ScoreOffsetDetector } from './score-offset-detector.js';
import { copyMatrix, sameCodes, sameRows } from '../../kernels/same-rows.js';

/** Parameters of {@link DuplicateConflicts}. */
export interface DuplicateConflictsParams {
  /** Near-duplicate distance; default `nearRatio` x the median nearest-neighbour distance of the fit data. */
  readonly threshold?: number;
  /** See `threshold` (default 0.1). */
  readonly nearRatio?: number;
  /** Neighbours examined per row (default 10). */
  readonly neighbours?: number;
  /** Neighbour search (default `auto`). */
  readonly search?: NeighbourSearch;
}

/** Options of {@link createDuplicateConflicts}. */
export type DuplicateConflictsOptions = DetectorOptions & DuplicateConflictsParams;

/** A duplicate group whose members carry different labels. */
export interface DuplicateConflict {
  readonly kind: DuplicateKind;
  /** Rows of the scored batch in the group. */
  readonly rows: readonly number[];
  /** Rows of the fit data in the group (when a new batch was scored against it). */
  readonly referenceRows: readonly number[];
  /** Members per label, by class code. */
  readonly labelCounts: ReadonlyMap<number, number>;
  /** The label most members carry, or -1 on a tie (what a sanitiser could relabel the others with). */
  readonly majorityLabel: number;
}

interface ConflictAnalysis {
  readonly scores: Float64Array;
  readonly conflicts: readonly DuplicateConflict[];
}

interface DuplicateState {
  readonly fitX: Matrix<Float32Array>;
  readonly fitCodes: Int32Array;
  readonly classes: number;
  readonly threshold: number;
  readonly scale: number;
  readonly fit: ConflictAnalysis;
}

/**
 * Exact duplicates (equal rows) and near duplicates (closer than a threshold chosen from the
 * data's nearest-neighbour distances, see {@link findDuplicates}) whose labels conflict: the same
 * input with two labels is a flipped label or an injected copy.
 *
 * Score: a row in a conflicting group scores s − 1 < 0, s the share of the group's labelled members
 * that carry its label (the minority label lowest); any other row scores
 * log(1 + max(0, d − threshold) / typical distance) >= 0, d the distance to its nearest neighbour
 * with another label (or a lower bound, the distance of its last examined neighbour), so rows
 * near a conflict rank before rows far from one. The offset is 0: exactly the rows of conflicting
 * groups are flagged and the detector decides by itself (`contamination` is not used).
 * {@link conflicts} lists the groups of the last scoring.
 *
 * A new batch is compared within itself and with the fit data (whose labels count in the groups).
 * Rows labelled -1 never conflict.
 *
 * @example
 * const d = await createDuplicateConflicts({ rng: createRng(1) }).fit(x, labels);
 * d.conflicts(); // groups of duplicates that disagree on the label
 */
export class DuplicateConflicts extends ScoreOffsetDetector {
  readonly name = 'duplicate-labels';
  readonly requires: readonly DetectorInput[] = ['features', 'labels'];
  /** Fixed threshold, or undefined for the data-driven one. */
  readonly threshold: number | undefined;
  /** Ratio to the median nearest-neighbour distance. */
  readonly nearRatio: number;
  /** Neighbours examined per row. */
  readonly neighbours: number;
  /** Neighbour search. */
  readonly search: NeighbourSearch;
  private state: DuplicateState | undefined;
  private last: readonly DuplicateConflict[] = [];

  /** Stores and checks the parameters; `invalid_input` for a negative threshold or ratio, or a bad neighbour count. */
  constructor(options: DuplicateConflictsOptions) {
    super();
    checkRng(options.rng, 'duplicate-labels');
    // Not used (the detector decides by itself) but checked like every detector's.
    checkContamination(options.contamination, 'duplicate-labels');
    this.threshold = options.threshold;
    this.nearRatio = options.nearRatio ?? 0.1;
    this.neighbours = options.neighbours ?? 10;
    this.search = checkNeighbourOptions({ search: options.search }, 'duplicate-labels').search;
    if (this.threshold !== undefined && !(this.threshold >= 0 && Number.isFinite(this.threshold))) {
      throw invalidInput(`duplicate-labels: threshold = ${String(this.threshold)} must be a finite number >= 0`);
    }
    if (!(this.nearRatio >= 0) || !Number.isFinite(this.nearRatio)) throw invalidInput(`duplicate-labels: nearRatio = ${String(this.nearRatio)} must be a finite number >= 0`);
    if (!Number.isInteger(this.neighbours) || this.neighbours < 1) {
      throw invalidInput(`duplicate-labels: neighbours = ${String(this.neighbours)} must be a positive integer`);
    }
  }

  /** The near-duplicate distance fitted (0: exact duplicates only). */
  fittedThreshold(): number {
    return this.requireFitted(this.state).threshold;
  }

  /** Conflicting groups found by the last fit or scoring. */
  conflicts(): readonly DuplicateConflict[] {
    this.requireFitted(this.state);
    return this.last;
  }

  /** Finds duplicate groups in the fit data and scores their label conflicts; `invalid_input` without labels or with bad values. */
  async fit(x: Matrix<Float32Array>, labels?: Labels): Promise<this> {
    checkFeatures(x, this.name, 2);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    const graph = await duplicateGraph(x, { threshold: this.threshold, nearRatio: this.nearRatio, neighbours: this.neighbours, search: this.search });
    const fit = analyse(graph, codes, undefined, graph.typicalDistance);
    this.state = { fitX: copyMatrix(x), fitCodes: Int32Array.from(codes), classes, threshold: graph.threshold, scale: graph.typicalDistance, fit };
    this.last = fit.conflicts;
    this.offset = 0;
    return this;
  }

  /** The fit scores for the fit data itself; otherwise conflicts within the batch and with the fit data. */
  async scoreSamples(x: Matrix<Float32Array>, labels?: Labels): Promise<Float64Array> {
    const s = this.requireFitted(this.state);
    checkScoringFeatures(x, s.fitX.cols, this.name);
    const { codes, classes } = checkLabels(labels, x.rows, this.name);
    if (classes !== s.classes) throw invalidInput(`duplicate-labels: labels have ${classes} classes, the detector was fitted with ${s.classes}`);
    if (sameRows(x, s.fitX) && sameCodes(codes, s.fitCodes)) {
      this.last = s.fit.conflicts;
      return s.fit.scores.slice();
    }
    const graph = await duplicateGraph(x, { reference: s.fitX, threshold: s.threshold, neighbours: this.neighbours, search: this.search });
    const result = analyse(graph, codes, s.fitCodes, s.scale);
    this.last = result.conflicts;
    return result.scores;
  }
}

/** Scores and conflicting groups of a duplicate graph under the batch (and reference) labels. */
function analyse(graph: DuplicateGraph, codes: Int32Array, referenceCodes: Int32Array | undefined, scale: number): ConflictAnalysis {
  const n = codes.length;
  const scores = new Float64Array(n);
  const conflicted = new Uint8Array(n);
  const conflicts: DuplicateConflict[] = [];
  for (const g of graph.groups) {
    const counts = new Map<number, number>();
    let labelled = 0;
    const add = (c: number): void => {
      if (c < 0) return;
      counts.set(c, (counts.get(c) ?? 0) + 1);
      labelled++;
    };
    for (const r of g.rows) add(codes[r]!);
    for (const r of g.referenceRows) add(referenceCodes ? referenceCodes[r]! : -1);
    if (counts.size < 2) continue;
    let majority = -1;
    let top = 0;
    let tie = false;
    for (const [c, v] of [...counts.entries()].sort((a, b) => a[0] - b[0])) {
      if (v > top) {
        top = v;
        majority = c;
        tie = false;
      } else if (v === top) tie = true;
    }
    conflicts.push({ kind: g.kind, rows: g.rows, referenceRows: g.referenceRows, labelCounts: counts, majorityLabel: tie ? -1 : majority });
    for (const r of g.rows) {
      const c = codes[r]!;
      if (c < 0) continue;
      conflicted[r] = 1;
      scores[r] = counts.get(c)! / labelled - 1;
    }
  }
  for (let q = 0; q < n; q++) {
    if (conflicted[q]) continue;
    let d = nearestConflict(graph.batchNeighbours, q, codes[q]!, codes);
    if (graph.referenceNeighbours && referenceCodes) d = Math.min(d, nearestConflict(graph.referenceNeighbours, q, codes[q]!, referenceCodes));
    scores[q] = Number.isFinite(d) ? Math.log1p(Math.max(0, d - graph.threshold) / scale) : 0;
  }
  return { scores, conflicts };
}

/**
 * Distance from query q to its nearest listed neighbour with another (known) label; when none is
 * listed, the distance of the last listed neighbour (a lower bound), or Infinity with no neighbours.
 */
function nearestConflict(nb: Neighbours, q: number, own: number, neighbourCodes: Int32Array): number {
  if (nb.k === 0) return Infinity;
  for (let j = 0; j < nb.k; j++) {
    const c = neighbourCodes[nb.indices[q * nb.k + j]!]!;
    if (own >= 0 && c >= 0 && c !== own) return nb.distances[q * nb.k + j]!;
  }
  return nb.distances[q * nb.k + nb.k - 1]!;
}

/**
 * Builds a {@link DuplicateConflicts} (registry name `duplicate-labels`).
 *
 * @example
 * const detector = createDuplicateConflicts({ rng: createRng(7), threshold: 1e-3 });
 */
export function createDuplicateConflicts(options: DuplicateConflictsOptions): DuplicateConflicts {
  return new DuplicateConflicts(options);
}
