"""bedside/hoc-hallmarks: multi-label hallmarks-of-cancer classifier for one sentence (HoC, GPL-3.0).

Per-label probability thresholds are tuned on 10% of the TRAIN abstracts held out (never dev) and shipped in
config.json as `bedside_thresholds`; label i is predicted when sigmoid(logit_i) >= threshold_i.
"""
import os

import torch
import torch.nn.functional as F

from common import data_file, read_jsonl, setup
from lm2_tasks import HOC_LABELS
from train_cls import GEN1_COMMIT, OUT, export_classifier, fit, group_split, install as _install, load_int8_as_torch_weights, load_wordpiece, logits_of
from cls_model import encode

NAME = "hoc-hallmarks"
FULL = dict(arch="ensemble", multilabel=True, gen1=(GEN1_COMMIT, "hoc-hallmarks"), buckets=16384, gen1_head=128, head=256, dropout=0.2, batch=64, lr=3e-3, lr_pretrained=3e-4, decay=0.85, budget=float(os.environ.get("BEDSIDE_HOC_BUDGET_MIN", 10)) * 60)
ARCHITECTURE = ("ensemble, sigmoid probabilities averaged: the first generation (bag of subwords + hashed subword bigrams, "
                "mean/max, MLP; frozen) and a convolutional classifier (ner-bc5cdr's character CNN and dilated convolutions "
                "fine-tuned + one fresh dilated convolution; mean/max pooling; LayerNorm, MLP)")
SMOKE = dict(FULL, batch=32, budget=150, epochs=6, limit=2500, dev_limit=100)  # epochs fixed, budget only a cap
GRID = [i / 40 for i in range(1, 40)]


def f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def counts(prob, gold, th):
    pred = prob >= th
    return (pred & gold).sum(0), (pred & ~gold).sum(0), (~pred & gold).sum(0)


def tune(prob, gold):
    """Best threshold per label by that label's F1 on the held-out slice (0.5 where the label never occurs)."""
    th = []
    for j in range(prob.shape[1]):
        best = max(GRID, key=lambda t: (f1(*[int(x) for x in counts(prob[:, j:j + 1], gold[:, j:j + 1], t)]), -abs(t - 0.5)))
        th.append(best if gold[:, j].any() else 0.5)
    return torch.tensor(th)


def scores(prob, gold, th) -> dict:
    tp, fp, fn = counts(prob, gold, th)
    per = [f1(int(a), int(b), int(c)) for a, b, c in zip(tp, fp, fn)]
    return {"macro_f1": round(sum(per) / len(per), 4), "micro_f1": round(f1(int(tp.sum()), int(fp.sum()), int(fn.sum())), 4),
            "per_label_f1": {l: round(x, 4) for l, x in zip(HOC_LABELS, per)}}


def items_of(wp, rows):
    return [(encode(wp, r["context"], []), torch.tensor([float(l in r["labels"]) for l in HOC_LABELS])) for r in rows]


def train(smoke: bool = False) -> dict:
    c = dict(SMOKE if smoke else FULL)
    setup()
    wp = load_wordpiece([])
    rows = read_jsonl(data_file("hoc", "train"), c.get("limit"))
    trn, held = group_split(rows, lambda r: r["source"].split("#")[0], 0.1, 11)
    train_items, held_items = items_of(wp, trn), items_of(wp, held)
    gold_held = torch.stack([y for _, y in held_items]).bool()

    def sample_epoch(items, rng):  # every sentence with a hallmark, and as many without (thresholds fix the prior)
        pos = [x for x in items if x[1].any()]
        neg = [x for x in items if not x[1].any()]
        return pos + rng.sample(neg, min(len(neg), len(pos)))

    def score(logits, _):
        prob = torch.sigmoid(logits)
        return scores(prob, gold_held, tune(prob, gold_held))["macro_f1"]

    model, info = fit("hoc", c, wp, [], len(HOC_LABELS), train_items, sample_epoch, held_items, score,
                      lambda lg, y: F.binary_cross_entropy_with_logits(lg, y))
    th = tune(torch.sigmoid(logits_of(model, held_items)), gold_held)
    dev = read_jsonl(data_file("hoc", "dev"), c.get("dev_limit"))
    dev_items = items_of(wp, dev)
    gold_dev = torch.stack([y for _, y in dev_items]).bool()
    metrics = {"dev": scores(torch.sigmoid(logits_of(model, dev_items)), gold_dev, th),
               "dev_int8_sim": scores(torch.sigmoid(logits_of(load_int8_as_torch_weights(model), dev_items)), gold_dev, th),
               "dev_items": len(dev), "held_out_macro_f1": info["held_out_best"],
               "learning_loss_first_last": [info["log"][0]["loss"], info["log"][-1]["loss"]],
               "baseline_note": "predicting no hallmark (the majority) scores macro- and micro-F1 0"}
    print(f"[hoc] metrics {metrics}", flush=True)
    config = {"problem_type": "multi_label_classification", "id2label": {str(i): l for i, l in enumerate(HOC_LABELS)},
              "label2id": {l: i for i, l in enumerate(HOC_LABELS)}, "bedside_thresholds": [round(float(t), 4) for t in th],
              "bedside_license": "GPL-3.0 (trained on HoC)", "bedside_architecture": ARCHITECTURE}
    meta = {"id": f"bedside/{NAME}", "task": "text-classification",
            "license": "GPL-3.0 (weights trained on HoC, GPL-3.0; encoder start from bedside/ner-bc5cdr, CC BY 4.0 data)",
            "data": ["shared/data/hoc/train.jsonl (90% of abstracts train, 10% held out for model selection and thresholds)"],
            "labels": HOC_LABELS, "thresholds": config["bedside_thresholds"],
            "architecture": {"type": config["bedside_architecture"], "params": sum(p.numel() for p in model.parameters()),
                             "buckets": c["buckets"], "head": c["head"], "vocab": len(wp.vocab)},
            "training": {"command": f"npm run train -- hoc{' --smoke' if smoke else ''}", "budget_seconds": c["budget"],
                         "seed": 1234, "selection": "best epoch by macro-F1 on the held-out train slice (not dev)", **info},
            "metrics": metrics}
    return export_classifier(model, wp, [], (OUT / ("smoke" if smoke else "full")) / NAME, config, meta)


def install():
    return _install(NAME)
