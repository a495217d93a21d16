#!/usr/bin/env python3
"""Fit emocue's context model: data/context.tsv.

A logistic regression per emotion over the words a detector reads and the
pairs of consecutive words (present or not, scaled by 1/sqrt(word count +
--smooth), so that a short message's few words weigh less),
beside the lexicon's own evidence, fitted on general data (GoEmotions
train) and in-domain data (support messages, counted --in-domain-weight
times). The probability at which an emotion is labelled is chosen on
out-of-fold predictions for the in-domain data (k-fold; the general data
is always in training). The model is then rewritten in the lexicon's units,
so that the detector labels exactly where the regression does at that
probability:

    weight(feature)  = coef(feature) / coef(lexicon evidence)
    offset           = (intercept - logit(p)) / coef(lexicon evidence) + T
    T                = -ln(1 - threshold), the detector's threshold as evidence

Input: the JSON Lines of `emocue features FILE` (words and the
lexicon's evidence for each labelled row). Needs numpy, scipy and
scikit-learn. Usage (as for the embedded model):

    cargo build --release -p emocue-cli
    E=./target/release/emocue
    $E features ../shared/data/goemotions/train.jsonl > /tmp/general.jsonl
    cat data/support/*.jsonl > /tmp/support.jsonl
    $E features /tmp/support.jsonl > /tmp/in_domain.jsonl
    python3 scripts/fit_context.py /tmp/general.jsonl /tmp/in_domain.jsonl \
        --thresholds data/thresholds.tsv -o data/context.tsv
"""

import argparse
import json
import math
import sys

import numpy as np
import scipy.sparse as sp
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold

EMOTIONS = ["frustration", "anger", "confusion", "anxiety"]


def read_rows(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                row["words"], row["evidence"], row["labels"]
            except (ValueError, KeyError) as e:
                sys.exit(f"{path}:{n}: not a row of `emocue features` ({e})")
            rows.append(row)
    return rows


def features(words):
    """The distinct words and consecutive pairs: the detector's features."""
    pairs = [f"{a} {b}" for a, b in zip(words, words[1:])]
    return set(words) | set(pairs)


def read_thresholds(path):
    t = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                e, v = line.split("\t")
                t[e] = float(v)
    return t


class Design:
    """Rows to a sparse matrix: the vocabulary's features, then evidence."""

    def __init__(self, rows, weights, min_docs, smooth):
        self.smooth = smooth
        counts = {}
        for row, w in zip(rows, weights):
            for f in features(row["words"]):
                counts[f] = counts.get(f, 0) + w
        self.vocab = sorted(f for f, c in counts.items() if c >= min_docs)
        self.index = {f: i for i, f in enumerate(self.vocab)}

    def matrix(self, rows, emotion):
        data, cols, ptr = [], [], [0]
        for row in rows:
            fs = sorted(self.index[f] for f in features(row["words"]) if f in self.index)
            scale = 1 / math.sqrt(max(1, len(row["words"]) + self.smooth))
            cols.extend(fs)
            data.extend([scale] * len(fs))
            cols.append(len(self.vocab))
            data.append(row["evidence"][emotion])
            ptr.append(len(cols))
        return sp.csr_matrix((data, cols, ptr), shape=(len(rows), len(self.vocab) + 1))


def fit(design, rows, weights, emotion, c):
    y = np.array([emotion in r["labels"] for r in rows])
    model = LogisticRegression(C=c, max_iter=5000, class_weight="balanced")
    model.fit(design.matrix(rows, emotion), y, sample_weight=weights)
    return model


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("general")
    ap.add_argument("in_domain")
    ap.add_argument("--in-domain-weight", type=float, default=2.0)
    ap.add_argument("--thresholds", required=True)
    ap.add_argument("--c", type=float, default=1.0, help="inverse L2 strength")
    ap.add_argument("--min-docs", type=float, default=5, help="keep features in at least this many (weighted) rows")
    ap.add_argument("--smooth", type=float, default=10, help="features scaled by 1/sqrt(words + SMOOTH); src/context.rs must agree")
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--prune", type=float, default=0.15, help="drop features whose weights are all below this in size")
    ap.add_argument("-o", "--output", required=True)
    args = ap.parse_args()

    general, in_domain = read_rows(args.general), read_rows(args.in_domain)
    rows = general + in_domain
    weights = np.array([1.0] * len(general) + [args.in_domain_weight] * len(in_domain))
    design = Design(rows, weights, args.min_docs, args.smooth)
    thresholds = read_thresholds(args.thresholds)
    folds = list(KFold(args.folds, shuffle=True, random_state=1).split(np.arange(len(in_domain))))
    lines, offsets = {}, {}
    for emotion in EMOTIONS:
        oof = np.zeros(len(in_domain))
        for train, test in folds:
            part = general + [in_domain[i] for i in train]
            w = np.array([1.0] * len(general) + [args.in_domain_weight] * len(train))
            m = fit(design, part, w, emotion, args.c)
            oof[test] = m.predict_proba(design.matrix([in_domain[i] for i in test], emotion))[:, 1]
        truth = np.array([emotion in r["labels"] for r in in_domain])
        grid = np.linspace(0.30, 0.95, 66)
        p = max(grid, key=lambda t: f1_score(truth, oof >= t))
        m = fit(design, rows, weights, emotion, args.c)
        coef, a = m.coef_[0][:-1], m.coef_[0][-1]
        if a <= 0:
            sys.exit(f"{emotion}: the lexicon's evidence got a weight of {a:.3f}; not a model to ship")
        big_t = -math.log(1 - thresholds[emotion])
        offsets[emotion] = (m.intercept_[0] - math.log(p / (1 - p))) / a + big_t
        lines[emotion] = coef / a
        print(f"{emotion}: lexicon coef {a:.3f}, label at p = {p:.2f}, "
              f"out-of-fold F1 {f1_score(truth, oof >= p):.3f}, offset {offsets[emotion]:.3f}", file=sys.stderr)
        if offsets[emotion] >= big_t:
            sys.exit(f"{emotion}: offset {offsets[emotion]:.3f} reaches the threshold's {big_t:.3f}: an empty text would be labelled")
    W = np.stack([lines[e] for e in EMOTIONS], 1)
    keep = np.abs(W).max(1) >= args.prune
    with open(args.output, "w", encoding="utf-8") as out:
        out.write("# emocue's context model: written by scripts/fit_context.py, do not edit by hand.\n")
        out.write("# Each line: a folded word or two consecutive words, then the evidence it adds per\n")
        out.write("# emotion (frustration, anger, confusion, anxiety) before the message's 1/sqrt(words + smooth).\n")
        out.write(f"# Fitted on {args.general} ({len(general)} rows) and {args.in_domain} ({len(in_domain)} rows,\n")
        out.write(f"# x{args.in_domain_weight:g}); C {args.c:g}, smooth {args.smooth:g}, min docs {args.min_docs:g}, {args.folds} folds,"
                  f" pruned below {args.prune:g}: {int(keep.sum())} of {len(design.vocab)} features.\n")
        out.write("@offset\t" + "\t".join(f"{offsets[e]:.4f}" for e in EMOTIONS) + "\n")
        for f, w, k in zip(design.vocab, W, keep):
            if k:
                out.write(f + "\t" + "\t".join(f"{x:.3f}" for x in w) + "\n")
    print(f"wrote {args.output}: {int(keep.sum())} features", file=sys.stderr)


if __name__ == "__main__":
    main()
