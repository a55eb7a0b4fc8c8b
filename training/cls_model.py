"""Sentence and drug-pair classifiers for the specialists (bedside/hoc-hallmarks, bedside/ddi-relation).

The encoder is the NER model's (bedside/ner-bc5cdr): its WordPiece tokenizer, subword + character embeddings and
dilated convolutions are loaded from its int8 ONNX file as a pretrained start (trained on BC5CDR, so it already
knows chemicals and diseases), then a fresh BiLSTM and a pooled classification head are trained on the task.
Exported as a BERT-style sequence classifier: input_ids, attention_mask -> logits [batch, labels].
"""
import json
import re
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F
from onnx import numpy_helper

from toktrain import WordPiece

NER = Path(__file__).resolve().parent.parent / "models" / "bedside" / "ner-bc5cdr"
CHARS_PER_PIECE = 12


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


def ner_weights() -> dict[str, torch.Tensor]:
    """Named float tensors of the NER model, dequantized (3-D conv weights: scale per axis 1, tables: per row)."""
    g = onnx.load(str(NER / "onnx" / "model_quantized.onnx")).graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}
    out = {}
    for name, arr in init.items():
        if name.endswith(("_scale", "_zero")) or name.startswith("onnx::"):
            continue
        if name.endswith("_int8"):
            base = name[:-5]
            s = init[base + "_scale"]
            shape = [1] * arr.ndim
            shape[1 if arr.ndim == 3 else 0] = -1
            out[base] = torch.from_numpy(arr.astype(np.float32) * s.reshape(shape))
        else:
            out[name] = torch.from_numpy(np.array(arr))
    return out


class Classifier(nn.Module):
    def __init__(self, c: dict, vocab: int, n_labels: int, marker_ids: list[int]):
        super().__init__()
        w = ner_weights()
        chars = w["chars"]
        extra = vocab - chars.shape[0]  # added marker tokens: no characters, own embedding rows
        self.register_buffer("chars", torch.cat([chars, torch.zeros(extra, CHARS_PER_PIECE, dtype=chars.dtype)]))
        self.char_emb = nn.Embedding(w["char_emb.weight"].shape[0], w["char_emb.weight"].shape[1], padding_idx=0)
        self.char_cnn = nn.Conv1d(self.char_emb.embedding_dim, w["char_cnn.weight"].shape[0], 3, padding=1)
        emb = w["emb.weight"]
        self.emb = nn.Embedding(vocab, emb.shape[1], padding_idx=0)
        conv = w["inp.weight"].shape[0]
        self.inp = nn.Conv1d(emb.shape[1] + self.char_cnn.out_channels, conv, 1)
        self.convs = nn.ModuleList(nn.Conv1d(conv, conv, 3, padding=d, dilation=d) for d in (1, 2, 1))
        with torch.no_grad():
            self.emb.weight[: emb.shape[0]] = emb
            for name, p in self.named_parameters():
                if name in w and name != "emb.weight":
                    p.copy_(w[name])
        self.lstm = nn.LSTM(conv, c["lstm"], batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(c["dropout"])
        self.marker_ids = marker_ids  # pair task: pool the states at [E1] and [E2] too
        feats = 2 * c["lstm"] * (2 + len(marker_ids))
        self.head = nn.Sequential(nn.Linear(feats, c["head"]), nn.ReLU(), nn.Dropout(c["dropout"]), nn.Linear(c["head"], n_labels))

    def forward(self, input_ids, attention_mask):
        m = attention_mask.unsqueeze(1).to(torch.float32)
        b, t = input_ids.shape
        ch = self.char_emb(self.chars[input_ids].reshape(b * t, CHARS_PER_PIECE).long()).transpose(1, 2)
        ch = torch.relu(self.char_cnn(ch)).max(dim=2).values.reshape(b, t, -1)
        x = self.drop(torch.cat([self.emb(input_ids), ch], dim=-1)).transpose(1, 2)
        x = self.inp(x) * m
        for conv in self.convs:
            x = (x + F.relu(conv(self.drop(x)))) * m
        h, _ = self.lstm(self.drop(x.transpose(1, 2)))
        mk = attention_mask.unsqueeze(-1).to(torch.float32)
        feats = [(h * mk - (1 - mk) * 1e4).max(dim=1).values, (h * mk).sum(1) / mk.sum(1).clamp_min(1.0)]
        for mid in self.marker_ids:
            idx = (input_ids == mid).to(torch.float32).argmax(dim=1)  # first marker (0 = [CLS] if cut off)
            feats.append(h.gather(1, idx.long()[:, None, None].expand(-1, 1, h.shape[2])).squeeze(1))
        return self.head(self.drop(torch.cat(feats, dim=-1)))
