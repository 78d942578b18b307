/**
 * What the neighbour-based detectors (LOF, kNN distance, DBSCAN) share: a private copy of the fit
 * rows to search, the neighbour search options, recall measurement when the search is
 * approximate, and the rule that the fit rows themselves are scored leaving each row out of its
 * own neighbourhood (scikit-learn's `negative_outlier_factor_`), while any other rows are scored
 * as new rows against the fit rows (scikit-learn's novelty scoring).
 */
import type { DetectorOptions } from '../../core/detector.js';
import type { Matrix } from '../../core/matrix.js';
import type { Rng } from '../../core/rng.js';
import type { ApproximateNeighbourOptions } from './approximate-neighbours.js';
import type { Neighbours } from './neighbour-graph.js';
import { neighbourRecall, type NeighbourRecall } from './neighbour-recall.js';
import { assertNeighbourSearch, nearestNeighbours, type NearestNeighbourOptions, type NeighbourSearch } from './nearest-neighbours.js';
import { OutlierDetectorBase } from './outlier-detector-base.js';
import { sameRows } from '../../kernels/same-rows.js';

/** Neighbour search settings every neighbour-based detector accepts. */
export interface NeighbourDetectorOptions extends DetectorOptions {
  /** `auto` (default), `exact` or `approximate` (see `nearestNeighbours`). */
  readonly search?: NeighbourSearch;
  /** Graph parameters for the approximate search. */
  readonly approximate?: ApproximateNeighbourOptions;
  /** Query rows checked against brute force to measure the recall of an approximate search (default 500). */
  readonly recallSample?: number;
}

/** A detector scoring rows by their neighbourhoods among the fit rows. */
export abstract class NeighbourDetectorBase extends OutlierDetectorBase {
  protected readonly rng: Rng;
  /** How neighbours are searched (from the options). */
  protected readonly searchOptions: NearestNeighbourOptions;
  private readonly recallSample: number;
  private trainRows: Matrix<Float32Array> | undefined;
  private fitScores: Float64Array | undefined;
  private recall: NeighbourRecall | undefined;

  protected constructor(options: NeighbourDetectorOptions) {
    super(options.contamination);
    assertNeighbourSearch(options.search);
    this.rng = options.rng;
    this.searchOptions = {
      ...(options.search !== undefined && { search: options.search }),
      ...(options.approximate !== undefined && { approximate: options.approximate }),
    };
    this.recallSample = options.recallSample ?? 500;
  }

  /** Recall of the approximate neighbours found while fitting (undefined when the search was exact). */
  get neighbourRecall(): NeighbourRecall | undefined {
    return this.recall;
  }

  /** The fit rows (a private copy). */
  protected get train(): Matrix<Float32Array> {
    return this.trainRows!;
  }

  /** Learns from the fit rows (already copied to {@link train}) and returns their leave-self-out scores. */
  protected abstract learnFrom(train: Matrix<Float32Array>): Promise<Float64Array>;

  /** Scores rows that are not the fit rows. */
  protected abstract scoreNew(x: Matrix<Float32Array>): Promise<Float64Array>;

  protected async learn(x: Matrix<Float32Array>): Promise<Float64Array> {
    this.trainRows = { rows: x.rows, cols: x.cols, data: Float32Array.from(x.data) };
    this.recall = undefined;
    this.fitScores = await this.learnFrom(this.trainRows);
    return Float64Array.from(this.fitScores);
  }

  protected score(x: Matrix<Float32Array>): Promise<Float64Array> {
    if (sameRows(x, this.train)) return Promise.resolve(Float64Array.from(this.fitScores!));
    return this.scoreNew(x);
  }

  /**
   * The k nearest fit rows of `queries` (or of each fit row, leaving itself out). When fitting
   * with an approximate search, measures its recall on a sample.
   */
  protected async neighbours(k: number, queries?: Matrix<Float32Array>): Promise<Neighbours> {
    const nn = await nearestNeighbours(this.train, k, queries, this.searchOptions);
    if (nn.method === 'approximate' && queries === undefined) {
      this.recall = await neighbourRecall(this.train, nn, this.rng.fork(), this.recallSample);
    }
    return nn;
  }
}
