"""Shared recipe of the two specialists: batches, wall-clock budgeted training with model selection on a held-out
slice of TRAIN (grouped so no abstract / sentence is on both sides), int8 ONNX export, MANIFEST."""
import random
import shutil

import torch
import torch.nn as nn

from cls_model import BagClassifier, load_wordpiece
from conv_model import EnsembleClassifier
from common import MODELS, OUT, Timer, git_commit, setup, write_json, write_manifest
from export import export_onnx, load_int8_as_torch_weights
from toktrain import WP_SPECIALS, wordpiece_config, wordpiece_json


# The first generation of the specialists (bag of subwords) as committed: half of the second generation's ensembles
# (conv_model.EnsembleClassifier), read from git so that a retrain, which overwrites the model folder, cannot move it.
GEN1_COMMIT = "ef4e9e8fe60d44eaaf93b63799081b56f2a4919d"


def batches(items, size, shuffle, rng=None):
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        rng.shuffle(chunks)
    for ch in chunks:
        L = max(len(items[i][0]) for i in ch)
        ids = torch.zeros(len(ch), L, dtype=torch.long)
        mask = torch.zeros(len(ch), L, dtype=torch.long)
        for r, i in enumerate(ch):
            ids[r, :len(items[i][0])] = torch.tensor(items[i][0])
            mask[r, :len(items[i][0])] = 1
        yield ch, ids, mask


def logits_of(model, items, size=64) -> torch.Tensor:
    model.eval()
    out = [None] * len(items)
    with torch.no_grad():
        for ch, ids, mask in batches(items, size, False):
            lg = model(ids, mask)
            for r, i in enumerate(ch):
                out[i] = lg[r]
    return torch.stack(out)


def group_split(rows, key, frac, seed):
    groups = sorted({key(r) for r in rows})
    random.Random(seed).shuffle(groups)
    held = set(groups[: max(1, int(len(groups) * frac))])
    return [r for r in rows if key(r) not in held], [r for r in rows if key(r) in held]


def fit(task, c, wp, markers, n_labels, train_items, sample_epoch, held_items, score, loss_fn):
    """Train until the budget; keep the weights with the best held-out score (held_items: a TRAIN slice)."""
    arch = EnsembleClassifier if c.get("arch") == "ensemble" else BagClassifier
    model = arch(c, len(wp.vocab), n_labels, [wp.ids[m] for m in markers])
    # Weights started from the NER model move slower than fresh ones, so fine-tuning does not wash out what it learnt.
    started = set(getattr(model, "pretrained", ()))
    learning = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    groups = [{"params": [p for n, p in learning if n not in started], "lr": c["lr"]},
              {"params": [p for n, p in learning if n in started], "lr": c.get("lr_pretrained", c["lr"])}]
    opt = torch.optim.AdamW([g for g in groups if g["params"]], weight_decay=0.01)
    timer, rng = Timer(c["budget"]), random.Random(3)
    best, best_state, epoch, log = -1.0, None, 0, []
    while not timer.over() and epoch < c.get("epochs", 10 ** 6):
        epoch += 1
        model.train()
        items = sample_epoch(train_items, rng)
        total = 0.0
        for ch, ids, mask in batches(items, c["batch"], True, rng):
            if timer.over() and epoch > 1 and "epochs" not in c:  # a smoke's epochs are fixed
                break
            y = torch.stack([items[i][1] for i in ch])
            loss = loss_fn(model(ids, mask), y)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
        for g in opt.param_groups:
            g["lr"] *= c.get("decay", 0.85)
        s = score(logits_of(model, held_items), held_items)
        log.append({"epoch": epoch, "loss": round(total, 2), "held_out": round(s, 4), "seconds": round(timer.elapsed)})
        print(f"[{task}] epoch {epoch} loss {total:.1f} held-out {s:.4f} ({timer.elapsed:.0f}s)", flush=True)
        if s > best:
            best, best_state = s, {k: v.clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    return model, {"epochs": epoch, "train_seconds": round(timer.elapsed), "held_out_best": round(best, 4), "log": log}


def export_classifier(model, wp, markers, folder, config: dict, meta: dict) -> dict:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tj = wordpiece_json(wp)
    specials = WP_SPECIALS + markers
    tj["added_tokens"] = [{"id": wp.ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                           "normalized": False, "special": True} for t in specials]
    write_json(folder / "tokenizer.json", tj)
    write_json(folder / "tokenizer_config.json", wordpiece_config(512))
    write_json(folder / "config.json", {"architectures": ["BertForSequenceClassification"], "model_type": "bert",
                                        "vocab_size": len(wp.vocab), "max_position_embeddings": 512, **config})
    ids = torch.tensor([[2, 50, 60, *[wp.ids[m] for m in markers], 70, 3]])
    sizes = export_onnx(model, (ids, torch.ones_like(ids)), folder, ["input_ids", "attention_mask"], ["logits"],
                        {"input_ids": {0: "batch_size", 1: "sequence_length"},
                         "attention_mask": {0: "batch_size", 1: "sequence_length"}, "logits": {0: "batch_size"}})
    meta["sizes"] = sizes
    meta["training"]["commit"] = git_commit()
    meta["training"]["threads"] = torch.get_num_threads()
    return write_manifest(folder, meta)


def install(name: str):
    src, dst = OUT / "full" / name, MODELS / name
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.onnx"))
    return dst


__all__ = ["GEN1_COMMIT", "batches", "logits_of", "group_split", "fit", "export_classifier", "install", "load_wordpiece",
           "load_int8_as_torch_weights", "setup", "OUT"]
