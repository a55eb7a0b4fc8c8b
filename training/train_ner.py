"""bedside/ner-bc5cdr, second generation: Chemical and Disease token classifier over WordPiece subwords.

An ensemble (ner_model.EnsembleTagger) of the first generation, read back frozen from its committed int8 file, and a
copy of it fine-tuned on BC5CDR and NCBI-disease together (NCBI marks diseases only, so its O subwords may also be
chemicals: ner_model.partial_loss). Both halves: subword embeddings + character CNN -> residual dilated convolutions
-> BiLSTM -> per-subword logits; the ensemble averages their probabilities. Exported as a BERT-style token
classifier (`input_ids`, `attention_mask` -> `logits`) that Transformers.js `pipeline('token-classification')`
loads, with the first generation's tokenizer. The first generation's own recipe (a tokenizer and a tagger trained
from scratch on BC5CDR) is this file as of commit 7c4ba80.
"""
import copy
import os
import random
import shutil

import torch
import torch.nn as nn

from cls_model import load_wordpiece
from common import MODELS, OUT, Timer, data_file, git_commit, read_jsonl, setup, write_json, write_manifest
from export import export_onnx, load_int8_as_torch_weights
from metrics import prf
from ner_model import LABELS, NER_GEN1_COMMIT, O_OR_CHEMICAL, EnsembleTagger, committed_tagger, partial_loss
from toktrain import WordPiece, wordpiece_config, wordpiece_json

# The first generation's sizes (committed_tagger rebuilds it with them); the budget, learning rate and data are gen 2's.
FULL = dict(emb=128, char=24, char_out=64, conv=256, lstm=192, budget=int(os.environ.get("BEDSIDE_NER_BUDGET_MIN", "45")) * 60,
            batch=32, lr=7e-4, dropout=0.35)
SMOKE = dict(FULL, budget=150, epochs=3, limit=400, dev_limit=40)


def encode_sentence(wp: WordPiece, tokens: list[str], tags: list[str] | None):
    """Subword ids with [CLS]/[SEP], a label per subword, and the index of each word's first subword."""
    ids, labels, first = [wp.ids["[CLS]"]], [-100], []
    for i, tok in enumerate(tokens):
        pieces = [p for w in wp.encode_words(tok) for p in w] or [wp.unk]
        first.append(len(ids))
        for j, p in enumerate(pieces):
            ids.append(p)
            if tags is None:
                labels.append(-100)
            else:
                t = tags[i]
                if j > 0 and t.startswith("B-"):
                    t = "I-" + t[2:]
                labels.append(LABELS.index(t))
    ids.append(wp.ids["[SEP]"])
    labels.append(-100)
    return ids[:512], labels[:512], [f for f in first if f < 511]


def batches(items, size, shuffle):
    order = sorted(range(len(items)), key=lambda i: len(items[i][0]))
    chunks = [order[i:i + size] for i in range(0, len(order), size)]
    if shuffle:
        random.shuffle(chunks)
    for ch in chunks:
        L = max(len(items[i][0]) for i in ch)
        ids = torch.zeros(len(ch), L, dtype=torch.long)
        lab = torch.full((len(ch), L), -100, dtype=torch.long)
        mask = torch.zeros(len(ch), L, dtype=torch.long)
        for r, i in enumerate(ch):
            n = len(items[i][0])
            ids[r, :n] = torch.tensor(items[i][0])
            lab[r, :n] = torch.tensor(items[i][1])
            mask[r, :n] = 1
        yield ch, ids, mask, lab


def bio_repair(tags: list[str]) -> list[str]:
    """An I- tag that does not continue an entity of its type starts one (the TypeScript side does the same)."""
    out, prev = [], "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def predict_words(model, wp, sentences: list[list[str]]) -> list[list[str]]:
    model.eval()
    enc = [encode_sentence(wp, s, None) for s in sentences]
    preds: list[list[str]] = [[] for _ in sentences]
    with torch.no_grad():
        for ch, ids, mask, _ in batches([(e[0], e[1]) for e in enc], 64, False):
            logits = model(ids, mask).argmax(-1)
            for r, i in enumerate(ch):
                word_tags = [LABELS[logits[r, f]] for f in enc[i][2]]
                word_tags += ["O"] * (len(sentences[i]) - len(word_tags))  # words cut by the 512 limit
                preds[i] = bio_repair(word_tags)
    return preds


def only(tags: list[str], typ: str) -> list[str]:
    return [t if t.endswith(typ) else "O" for t in tags]


def evaluate(model, wp, c) -> dict:
    res = {}
    for name, typ in (("bc5cdr_chem", "Chemical"), ("bc5cdr_disease", "Disease"), ("ncbi_disease", "Disease")):
        rows = read_jsonl(data_file(name, "dev"), c.get("dev_limit"))
        pred = predict_words(model, wp, [r["tokens"] for r in rows])
        res[name] = prf([r["tags"] for r in rows], [only(p, typ) for p in pred], typ)
    return res


def val_scores(model, wp, bc5_val, ncbi_val) -> dict:
    """F1 on the held-out train slices: BC5CDR per type and NCBI-disease; `mean` selects the epoch."""
    pb = predict_words(model, wp, [r["tokens"] for r in bc5_val])
    pn = predict_words(model, wp, [r["tokens"] for r in ncbi_val])
    g = [r["tags"] for r in bc5_val]
    out = {"chem": prf(g, pb, "Chemical")["f1"], "disease": prf(g, pb, "Disease")["f1"],
           "ncbi": prf([r["tags"] for r in ncbi_val], [only(p, "Disease") for p in pn], "Disease")["f1"]}
    out["mean"] = round(sum(out.values()) / 3, 2)
    return out


def split(rows, seed):
    rows = list(rows)
    random.Random(seed).shuffle(rows)
    n_val = max(20, len(rows) // 20)
    return rows[:n_val], rows[n_val:]


def train(smoke: bool = False) -> dict:
    c = dict(SMOKE if smoke else FULL)
    setup()
    wp = load_wordpiece([])  # the first generation's tokenizer, unchanged
    bc5_val, bc5 = split(read_jsonl(data_file("bc5cdr_train", "train"), c.get("limit")), 7)
    ncbi_val, ncbi = split(read_jsonl(data_file("ncbi_disease", "train"), c.get("limit")), 8)
    items = [encode_sentence(wp, r["tokens"], r["tags"])[:2] for r in bc5]
    for r in ncbi:
        ids, lab, _ = encode_sentence(wp, r["tokens"], r["tags"])
        items.append((ids, [O_OR_CHEMICAL if x == 0 else x for x in lab]))
    gen1 = committed_tagger(c)
    model = EnsembleTagger(gen1, copy.deepcopy(gen1))
    for p in model.gen2.parameters():
        p.requires_grad_(True)
    opt = torch.optim.Adam([p for p in model.parameters() if p.requires_grad], lr=c["lr"])
    timer = Timer(c["budget"])
    history = [{"epoch": 0, "gen1": val_scores(gen1, wp, bc5_val, ncbi_val)}]
    print(f"[ner] first generation alone, held-out train: {history[0]['gen1']}", flush=True)
    best = {"ensemble": (-1.0, None), "fine-tuned alone": (-1.0, None)}
    epoch, losses = 0, []
    while not timer.over() and epoch < c.get("epochs", 10 ** 6):
        model.train()
        epoch += 1
        total = 0.0
        for _, ids, mask, lab in batches(items, c["batch"], True):
            if timer.over():
                break
            loss = partial_loss(model(ids, mask), lab)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.gen2.parameters(), 5.0)
            opt.step()
            total += loss.item()
        losses.append(round(total, 2))
        for g in opt.param_groups:
            g["lr"] *= 0.85
        row = {"epoch": epoch, "loss": round(total, 1), "ensemble": val_scores(model, wp, bc5_val, ncbi_val),
               "fine-tuned alone": val_scores(model.gen2, wp, bc5_val, ncbi_val), "seconds": round(timer.elapsed)}
        history.append(row)
        print(f"[ner] {row}", flush=True)
        for kind in best:
            if row[kind]["mean"] > best[kind][0]:
                best[kind] = (row[kind]["mean"], copy.deepcopy(model.gen2.state_dict()))
    train_s = timer.elapsed
    kind = max(best, key=lambda k: best[k][0])  # selected on held-out train, never dev
    model.gen2.load_state_dict(best[kind][1])
    final = model if kind == "ensemble" else model.gen2
    final.eval()
    metrics = {"selected": kind, "val_mean_f1": best[kind][0], "epochs": epoch, "history": history,
               "learning_loss_first_last": [losses[0], losses[-1]] if losses else [0, 0],
               "dev": evaluate(final, wp, c), "dev_int8_sim": evaluate(load_int8_as_torch_weights(final), wp, c),
               "gen1_dev_int8": evaluate(gen1, wp, c)}
    print(f"[ner] metrics {metrics}", flush=True)

    folder = (OUT / "smoke" if smoke else OUT / "full") / "ner-bc5cdr"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    write_json(folder / "tokenizer.json", wordpiece_json(wp))
    write_json(folder / "tokenizer_config.json", wordpiece_config(512))
    write_json(folder / "config.json", {
        "architectures": ["BertForTokenClassification"], "model_type": "bert", "vocab_size": len(wp.vocab),
        "id2label": {str(i): l for i, l in enumerate(LABELS)}, "label2id": {l: i for i, l in enumerate(LABELS)},
        "max_position_embeddings": 512,
        "bedside_architecture": ("ensemble: first generation (frozen) + fine-tuned copy; " if kind == "ensemble" else "")
                                + "subword embeddings + dilated CNN + BiLSTM"})
    args = (torch.tensor([[2, 50, 60, 3]]), torch.ones(1, 4, dtype=torch.long))
    sizes = export_onnx(final, args, folder, ["input_ids", "attention_mask"], ["logits"],
                        {"input_ids": {0: "batch_size", 1: "sequence_length"},
                         "attention_mask": {0: "batch_size", 1: "sequence_length"},
                         "logits": {0: "batch_size", 1: "sequence_length"}})
    meta = {
        "id": "bedside/ner-bc5cdr", "task": "token-classification",
        "license": "CC-BY-4.0 (weights trained on BC5CDR and NCBI-disease, CC BY 4.0)",
        "data": ["shared/data/bc5cdr_train/train.jsonl (tags)", "shared/data/ncbi_disease/train.jsonl (disease tags; its O may be a chemical)",
                 "the first generation (tokenizer text also from medquad/train.jsonl)"],
        "labels": LABELS, "generation": 2, "first_generation": f"models/bedside/ner-bc5cdr at {NER_GEN1_COMMIT}",
        "architecture": {"type": ("ensemble of two " if kind == "ensemble" else "") + "wordpiece+dilated-cnn+bilstm",
                         "params": sum(p.numel() for p in final.parameters()), "vocab": len(wp.vocab),
                         **{k: c[k] for k in ("emb", "conv", "lstm")}},
        "training": {"command": f"npm run train -- ner{' --smoke' if smoke else ''}", "commit": git_commit(),
                     "train_seconds": round(train_s), "budget_seconds": c["budget"], "threads": torch.get_num_threads(),
                     "seed": 1234, "lr": c["lr"], "loadavg_end": [round(x, 2) for x in os.getloadavg()],
                     "machine": os.environ.get("BEDSIDE_MACHINE_NOTE", "2 shared CPU cores"),
                     "selection": "best epoch, and ensemble or fine-tuned copy alone, by mean F1 on 5% of BC5CDR train "
                                  "(chemical, disease) and 5% of NCBI-disease train held out (not dev)"},
        "metrics": metrics, "sizes": sizes,
    }
    return write_manifest(folder, meta)


def install(smoke: bool = False):
    src = (OUT / "smoke" if smoke else OUT / "full") / "ner-bc5cdr"
    dst = MODELS / "ner-bc5cdr"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.onnx"))
    return dst
