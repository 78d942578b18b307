"""Whole-table drift check, column by column with scipy: the peer of bench/drift-table.ts.

Usage:
  /usr/bin/python3 drift_table.py [--rows 1000000] [--cols 50] [--shift-every 10] [--shift 0.2]
                                  [--repeat 3] [--seed 0] [--no-header]

Data: a reference and a batch of --rows x --cols float32 standard normal values (seeded); in the
batch, every column j with j % --shift-every == 3 is shifted by --shift standard deviations.
One run times, for every column, what Antidote's drift check computes for a numeric column:
  scipy.stats.ks_2samp(ref, cur)               two-sample Kolmogorov-Smirnov (method auto)
  scipy.stats.wasserstein_distance(ref, cur)   first Wasserstein distance
  psi(ref, cur, 10)                            population stability index over reference deciles
                                               (as ../../../shared/peers/bench_stats.py defines it)
and prints one JSON line (bench, params, runs_s, median_s) with the per-test medians and the
columns a Bonferroni-corrected KS flags. A second line times np.corrcoef over the batch columns
(the correlation matrix Antidote's correlation-shift test needs), for reference only.
"""
import argparse
import os
import statistics
import sys
import time

import numpy as np
import scipy.stats

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get("ANTIDOTE_PEERS") or os.path.join(HERE, "..", "..", "..", "shared", "peers")
sys.path.insert(0, SHARED)
from peerbench import emit, header, log, timed  # noqa: E402  (shared JSON format and load probe)


def psi(ref, cur, bins):
    edges = np.quantile(ref, np.linspace(0, 1, bins + 1)[1:-1])
    pr = np.bincount(np.searchsorted(edges, ref), minlength=bins) / ref.size
    pc = np.bincount(np.searchsorted(edges, cur), minlength=bins) / cur.size
    pr = np.clip(pr, 1e-6, None)
    pc = np.clip(pc, 1e-6, None)
    return float(np.sum((pc - pr) * np.log(pc / pr)))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--cols", type=int, default=50)
    p.add_argument("--shift-every", type=int, default=10)
    p.add_argument("--shift", type=float, default=0.2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-header", action="store_true")
    args = p.parse_args()
    if not args.no_header:
        header("drift_table.py")
    n, k = args.rows, args.cols
    rng = np.random.default_rng(args.seed)
    log(f"generating 2 x {n} x {k} float32")
    # One contiguous array per column (column-major), as a data frame's columns are.
    ref = rng.standard_normal((k, n), dtype=np.float32)
    cur = rng.standard_normal((k, n), dtype=np.float32)
    shifted = [j for j in range(k) if j % args.shift_every == 3]
    for j in shifted:
        cur[j] += np.float32(args.shift)

    per_test = {"ks": [], "wasserstein": [], "psi": []}

    def check():
        t = {"ks": 0.0, "wasserstein": 0.0, "psi": 0.0}
        ks_p = []
        for j in range(k):
            t0 = time.perf_counter()
            r = scipy.stats.ks_2samp(ref[j], cur[j])
            t1 = time.perf_counter()
            scipy.stats.wasserstein_distance(ref[j], cur[j])
            t2 = time.perf_counter()
            psi(ref[j], cur[j], 10)
            t3 = time.perf_counter()
            t["ks"] += t1 - t0
            t["wasserstein"] += t2 - t1
            t["psi"] += t3 - t2
            ks_p.append(float(r.pvalue))
        for name, v in t.items():
            per_test[name].append(v)
        return ks_p

    log("ks_2samp + wasserstein_distance + psi per column")
    runs, ks_p = timed(check, args.repeat)
    flagged = [j for j, pv in enumerate(ks_p) if pv * k < 0.05]
    emit("scipy per-column ks_2samp+wasserstein_distance+psi",
         {"rows": n, "cols": k, "dtype": "float32", "shifted_cols": len(shifted), "shift": args.shift},
         runs,
         ks_median_s=round(statistics.median(per_test["ks"]), 6),
         wasserstein_median_s=round(statistics.median(per_test["wasserstein"]), 6),
         psi_median_s=round(statistics.median(per_test["psi"]), 6),
         ks_flagged_bonferroni=flagged,
         expected_shifted=shifted)

    log("np.corrcoef")
    runs, _ = timed(lambda: np.corrcoef(cur), args.repeat)
    emit("np.corrcoef", {"rows": n, "cols": k, "dtype": "float32"}, runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
