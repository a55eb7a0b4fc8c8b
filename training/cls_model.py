"""Sentence and drug-pair classifiers for the specialists (bedside/hoc-hallmarks, bedside/ddi-relation).

They use the NER model's (bedside/ner-bc5cdr) WordPiece tokenizer and start from its subword embedding table
(trained on BC5CDR, so it already separates chemicals and diseases). The model is deliberately a bag of subwords
and hashed subword bigrams: a BiLSTM encoder (the NER family) managed one epoch in 19 minutes on the shared 2-core
machine, this one several epochs in ten. Exported as a BERT-style sequence classifier:
input_ids, attention_mask -> logits [batch, labels].
"""
import json
import re
import subprocess
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
from onnx import numpy_helper

from toktrain import WordPiece

NER = Path(__file__).resolve().parent.parent / "models" / "bedside" / "ner-bc5cdr"


def load_wordpiece(extra: list[str]) -> WordPiece:
    ids = json.loads((NER / "tokenizer.json").read_text(encoding="utf-8"))["model"]["vocab"]
    vocab = [None] * len(ids)
    for t, i in ids.items():
        vocab[i] = t
    return WordPiece(vocab + extra)


def encode(wp: WordPiece, text: str, markers: list[str], max_len: int = 256) -> list[int]:
    """[CLS] subwords [SEP]; marker strings are single added tokens (never split or normalized), as in
    tokenizer.json's added_tokens."""
    ids = [wp.ids["[CLS]"]]
    parts = re.split("(" + "|".join(re.escape(m) for m in markers) + ")", text) if markers else [text]
    for part in parts:
        if part in markers:
            ids.append(wp.ids[part])
        elif part:
            ids += [i for w in wp.encode_words(part) for i in w] or []
    return ids[: max_len - 1] + [wp.ids["[SEP]"]]


# ner-bc5cdr's first generation as committed: the specialists' encoder start, and the NER ensemble's frozen half. Read
# from git, so the NER's second generation, which overwrites models/bedside/ner-bc5cdr, moves neither.
NER_GEN1_COMMIT = "7c4ba80"


def ner_weights() -> dict[str, torch.Tensor]:
    """Named float tensors of the NER model's first generation, dequantized."""
    return committed_weights(NER_GEN1_COMMIT, "ner-bc5cdr")


def committed_weights(commit: str, model: str) -> dict[str, torch.Tensor]:
    """Named float tensors of models/bedside/<model> as committed at `commit` (a start that a retrain, which
    overwrites the folder, cannot move)."""
    blob = subprocess.run(["git", "show", f"{commit}:models/bedside/{model}/onnx/model_quantized.onnx"], cwd=NER.parent.parent.parent,
                          check=True, capture_output=True).stdout
    return dequantized(onnx.load_from_string(blob))


def dequantized(model, anonymous: bool = False) -> dict[str, torch.Tensor]:
    """Float tensors by name (3-D conv and LSTM weights: scale per axis 1, MatMul B: per column, tables: per row).
    The exporter's anonymous `onnx::` initializers are left out unless `anonymous` (a caller finds them by the
    nodes that read them)."""
    init = {i.name: numpy_helper.to_array(i) for i in model.graph.initializer}
    out = {}
    for name, arr in init.items():
        if name.endswith(("_scale", "_zero")) or (name.startswith("onnx::") and not anonymous):
            continue
        if name.endswith("_int8"):
            base = name[:-5]
            s = init[base + "_scale"]
            shape = [1] * arr.ndim
            shape[1 if arr.ndim == 3 or base.startswith("onnx::MatMul") else 0] = -1
            out[base] = torch.from_numpy(arr.astype(np.float32) * s.reshape(shape))
        else:
            out[name] = torch.from_numpy(np.array(arr))
    return out


class BagClassifier(nn.Module):
    """fastText-style classifier that trains in minutes on a starved CPU: each position's vector is its subword
    embedding (started from the NER model's table) plus a hashed subword-bigram embedding; vectors are mean- and
    max-pooled over the sentence and, for a marked pair, mean-pooled per segment (before [E1], inside E1, between
    the entities, inside E2, after [/E2]), found in-graph with cumulative sums over the marker ids; an MLP reads them.
    """

    def __init__(self, c: dict, vocab: int, n_labels: int, marker_ids: list[int]):
        super().__init__()
        emb = ner_weights()["emb.weight"]
        self.emb = nn.Embedding(vocab, emb.shape[1], padding_idx=0)
        with torch.no_grad():
            self.emb.weight[: emb.shape[0]] = emb
        self.buckets = c["buckets"]
        self.bigram = nn.Embedding(self.buckets, emb.shape[1])
        nn.init.normal_(self.bigram.weight, std=0.02)
        self.marker_ids = marker_ids  # [E1], [/E1], [E2], [/E2] or none
        n_pools = 2 + (5 if marker_ids else 0)
        self.drop = nn.Dropout(c["dropout"])
        self.head = nn.Sequential(nn.Linear(n_pools * emb.shape[1], c["head"]), nn.ReLU(), nn.Dropout(c["dropout"]),
                                  nn.Linear(c["head"], n_labels))

    @staticmethod
    def _mean(v, m):
        m = m.to(torch.float32).unsqueeze(-1)
        return (v * m).sum(1) / m.sum(1).clamp_min(1.0)

    def forward(self, input_ids, attention_mask):
        nxt = torch.cat([input_ids[:, 1:], torch.zeros_like(input_ids[:, :1])], dim=1)
        big = torch.remainder(input_ids * 7919 + nxt * 104729, self.buckets)
        has_next = torch.cat([attention_mask[:, 1:], torch.zeros_like(attention_mask[:, :1])], dim=1)
        v = self.emb(input_ids) + self.bigram(big) * has_next.unsqueeze(-1).to(torch.float32)
        v = self.drop(v)
        m = attention_mask.to(torch.bool)
        feats = [self._mean(v, m), (v - (~m).unsqueeze(-1).to(torch.float32) * 1e4).max(dim=1).values]
        if self.marker_ids:
            o1, c1, o2, c2 = [torch.cumsum((input_ids == i).to(torch.int64), dim=1) > 0 for i in self.marker_ids]
            for seg in (~o1, o1 & ~c1, c1 & ~o2, o2 & ~c2, c2):
                feats.append(self._mean(v, seg & m))
        return self.head(torch.cat(feats, dim=-1))
