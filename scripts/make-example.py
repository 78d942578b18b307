"""Makes the example data set of the README's first command (run once; the output is committed).

    /usr/bin/python3 scripts/make-example.py

Source: scikit-learn's bundled copy of the Wisconsin Diagnostic Breast Cancer data (Debian's
python3-sklearn). The rows are shuffled with a fixed seed and split into a verified set (400 rows)
and a new batch (169 rows). The batch is then poisoned the way the seed document describes, so
that a scan has something to find:
  - label flipping: 25 benign rows relabelled malignant;
  - a crude trigger: 12 rows get "mean texture" set to 39.0 (beyond the verified maximum) and the
    label "benign".
The poisoned row indices are written to batch-poison-mask.csv as ground truth.
"""
import csv
import os

import numpy as np
from sklearn.datasets import load_breast_cancer

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples", "breast-cancer")
os.makedirs(HERE, exist_ok=True)
d = load_breast_cancer()
names = [n.replace(" ", "_") for n in d.feature_names]
labels = np.array([d.target_names[t] for t in d.target])
rng = np.random.default_rng(7)
order = rng.permutation(len(labels))
X, y = d.data[order], labels[order]
Xv, yv = X[:400], y[:400]
Xb, yb = X[400:].copy(), y[400:].copy()
poison = np.zeros(len(yb), dtype=int)
benign = np.flatnonzero(yb == "benign")
flip = rng.choice(benign, size=25, replace=False)
yb[flip] = "malignant"
poison[flip] = 1
rest = np.setdiff1d(np.arange(len(yb)), flip)
trig = rng.choice(rest, size=12, replace=False)
Xb[trig, names.index("mean_texture")] = 39.0
yb[trig] = "benign"
poison[trig] = 2


def write(path, X, y):
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(names + ["diagnosis"])
        for row, label in zip(X, y):
            w.writerow([f"{v:.6g}" for v in row] + [label])


write(os.path.join(HERE, "verified.csv"), Xv, yv)
write(os.path.join(HERE, "batch.csv"), Xb, yb)
with open(os.path.join(HERE, "batch-poison-mask.csv"), "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["row", "poison"])
    for i, p in enumerate(poison):
        w.writerow([i, ["clean", "label_flip", "trigger"][p]])
