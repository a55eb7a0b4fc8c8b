"""bedside/med-embed: a small bidirectional transformer sentence encoder trained contrastively (in-batch InfoNCE)
on MedQuAD question/answer pairs. Transformers.js `pipeline('feature-extraction')` with mean pooling and
normalisation gives the sentence vector."""
import math
import random
import re
import shutil
from collections import Counter

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import MODELS, OUT, Timer, data_file, git_commit, read_jsonl, setup, write_json, write_manifest
from export import export_onnx, load_int8_as_torch_weights
from layers import Transformer
from toktrain import WordPiece, train_wordpiece, wordpiece_config, wordpiece_json

FULL = dict(vocab=10000, dim=192, layers=2, heads=4, hidden=512, q_len=40, a_len=96, batch=64, lr=1e-3,
            temp=0.05, budget=9 * 60)
SMOKE = dict(vocab=1500, dim=48, layers=1, heads=2, hidden=96, q_len=24, a_len=48, batch=32, lr=2e-3,
             temp=0.05, budget=100, epochs=12, limit=800, dev_limit=50)


class Encoder(nn.Module):
    """Outputs last_hidden_state; positions are derived in-graph because the pipeline sends only ids and mask."""

    def __init__(self, c: dict):
        super().__init__()
        self.body = Transformer(c["vocab"], c["dim"], c["layers"], c["heads"], c["heads"], c["hidden"], causal=False,
                                dropout=0.1)

    def forward(self, input_ids, attention_mask):
        pos = torch.cumsum(torch.ones_like(input_ids), dim=1) - 1
        h, _ = self.body(input_ids, attention_mask, pos)
        return h


def mean_pool(h, mask):
    m = mask.unsqueeze(-1).to(h.dtype)
    return F.normalize((h * m).sum(1) / m.sum(1).clamp_min(1.0), dim=-1)


def pad(seqs: list[list[int]]):
    L = max(len(s) for s in seqs)
    ids = torch.zeros(len(seqs), L, dtype=torch.long)
    mask = torch.zeros(len(seqs), L, dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, :len(s)] = torch.tensor(s)
        mask[i, :len(s)] = 1
    return ids, mask


def embed(model, seqs, batch=128):
    model.eval()
    out = []
    with torch.no_grad():
        for i in range(0, len(seqs), batch):
            ids, mask = pad(seqs[i:i + batch])
            out.append(mean_pool(model(ids, mask), mask))
    return torch.cat(out)


def truncate(wp: WordPiece, text: str, n: int) -> list[int]:
    ids = wp.encode(text)
    return ids[: n - 1] + [ids[-1]] if len(ids) > n else ids


def recall_at_1(model, wp, rows, c) -> float:
    q = embed(model, [truncate(wp, r["question"], 128) for r in rows])
    a = embed(model, [truncate(wp, r["answer"], 256) for r in rows])
    return round(100 * (q @ a.T).argmax(1).eq(torch.arange(len(rows))).float().mean().item(), 2)


def _terms(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower())


def bm25_recall_at_1(rows, k1=1.5, b=0.75) -> float:
    """BM25 baseline computed the same way: each dev question ranks all dev answers."""
    docs = [_terms(r["answer"]) for r in rows]
    N, avg = len(docs), sum(map(len, docs)) / len(docs)
    df = Counter(t for d in docs for t in set(d))
    tfs = [Counter(d) for d in docs]
    hits = 0
    for i, r in enumerate(rows):
        qt = _terms(r["question"])
        scores = []
        for d, tf in zip(docs, tfs):
            s = 0.0
            for t in qt:
                if t in tf:
                    idf = math.log(1 + (N - df[t] + 0.5) / (df[t] + 0.5))
                    s += idf * tf[t] * (k1 + 1) / (tf[t] + k1 * (1 - b + b * len(d) / avg))
            scores.append(s)
        hits += int(max(range(N), key=lambda j: scores[j]) == i)
    return round(100 * hits / N, 2)


def train(smoke: bool = False) -> dict:
    c = dict(SMOKE if smoke else FULL)
    setup()
    rows = read_jsonl(data_file("medquad", "train"), c.get("limit"))
    wp = train_wordpiece([r["question"] + " " + r["answer"] for r in rows], c["vocab"])
    c["vocab"] = len(wp.vocab)
    pairs = [(truncate(wp, r["question"], c["q_len"]), truncate(wp, r["answer"], c["a_len"])) for r in rows]
    model = Encoder(c)
    opt = torch.optim.AdamW(model.parameters(), lr=c["lr"], weight_decay=0.01)
    timer = Timer(c["budget"])
    step, epoch = 0, 0
    while not timer.over() and epoch < c.get("epochs", 10 ** 6):
        epoch += 1
        random.shuffle(pairs)
        model.train()
        for i in range(0, len(pairs) - c["batch"] + 1, c["batch"]):
            if timer.over():
                break
            qs, ans = zip(*pairs[i:i + c["batch"]])
            qi, qm = pad(list(qs))
            ai, am = pad(list(ans))
            q, a = mean_pool(model(qi, qm), qm), mean_pool(model(ai, am), am)
            sim = q @ a.T / c["temp"]
            target = torch.arange(len(qs))
            loss = (F.cross_entropy(sim, target) + F.cross_entropy(sim.T, target)) / 2
            opt.zero_grad()
            loss.backward()
            opt.step()
            step += 1
            if step % 50 == 0:
                print(f"[embed] epoch {epoch} step {step} loss {loss.item():.3f} ({timer.elapsed:.0f}s)", flush=True)
    train_s = timer.elapsed
    dev = read_jsonl(data_file("medquad", "dev"), c.get("dev_limit"))
    metrics = {"medquad_dev_recall_at_1": recall_at_1(model, wp, dev, c),
               "medquad_dev_recall_at_1_int8_sim": recall_at_1(load_int8_as_torch_weights(model), wp, dev, c),
               "bm25_recall_at_1": bm25_recall_at_1(dev), "dev_items": len(dev), "epochs": epoch, "steps": step}
    print(f"[embed] metrics {metrics}", flush=True)

    folder = (OUT / "smoke" if smoke else OUT / "full") / "med-embed"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    write_json(folder / "tokenizer.json", wordpiece_json(wp))
    write_json(folder / "tokenizer_config.json", wordpiece_config(512))
    write_json(folder / "config.json", {
        "architectures": ["BertModel"], "model_type": "bert", "vocab_size": c["vocab"], "hidden_size": c["dim"],
        "num_hidden_layers": c["layers"], "num_attention_heads": c["heads"], "intermediate_size": c["hidden"],
        "max_position_embeddings": 512, "bedside_architecture": "llama-style bidirectional encoder (RoPE, RMSNorm, SwiGLU)",
        "bedside_pooling": "mean", "bedside_normalize": True})
    torch.save(model.state_dict(), folder.parent / "med-embed.pt")
    args = (torch.tensor([[2, 50, 60, 3]]), torch.ones(1, 4, dtype=torch.long))
    sizes = export_onnx(model, args, folder, ["input_ids", "attention_mask"], ["last_hidden_state"],
                        {"input_ids": {0: "batch_size", 1: "sequence_length"},
                         "attention_mask": {0: "batch_size", 1: "sequence_length"},
                         "last_hidden_state": {0: "batch_size", 1: "sequence_length"}})
    meta = {
        "id": "bedside/med-embed", "task": "feature-extraction", "license": "CC-BY-4.0 (weights trained on MedQuAD, CC BY 4.0)",
        "data": ["shared/data/medquad/train.jsonl"], "pooling": "mean", "normalize": True,
        "architecture": {"type": "bidirectional-transformer", "params": sum(p.numel() for p in model.parameters()),
                         **{k: c[k] for k in ("vocab", "dim", "layers", "heads", "hidden")}},
        "training": {"command": f"npm run train -- embed{' --smoke' if smoke else ''}", "commit": git_commit(),
                     "train_seconds": round(train_s), "threads": torch.get_num_threads(), "seed": 1234,
                     "objective": "symmetric in-batch InfoNCE, temperature 0.05"},
        "metrics": metrics, "sizes": sizes,
    }
    return write_manifest(folder, meta)


def install(smoke: bool = False):
    src = (OUT / "smoke" if smoke else OUT / "full") / "med-embed"
    dst = MODELS / "med-embed"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.onnx"))
    return dst
