"""bedside/ner-bc5cdr: Chemical and Disease token classifier over WordPiece subwords.

Architecture: subword embeddings -> residual dilated convolutions (cheap local/morphological context on CPU)
-> BiLSTM (sentence context) -> per-subword logits over BIO tags. Exported as a BERT-style token classifier
(`input_ids`, `attention_mask` -> `logits`) that Transformers.js `pipeline('token-classification')` loads.
"""
import os
import random
import shutil
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import MODELS, OUT, Timer, data_file, git_commit, read_jsonl, setup, write_json, write_manifest
from export import export_onnx, load_int8_as_torch_weights
from metrics import prf
from toktrain import WordPiece, train_wordpiece, wordpiece_config, wordpiece_json

LABELS = ["O", "B-Chemical", "I-Chemical", "B-Disease", "I-Disease"]
FULL = dict(vocab=12000, emb=128, char=24, char_out=64, conv=256, lstm=192, budget=int(os.environ.get("BEDSIDE_NER_BUDGET_MIN", "36")) * 60, batch=32, lr=2e-3, dropout=0.35)
SMOKE = dict(vocab=2000, emb=32, char=8, char_out=16, conv=48, lstm=32, budget=100, epochs=15, batch=32, lr=3e-3, dropout=0.2, limit=600, dev_limit=40)


CHARS_PER_PIECE = 12


def char_table(wp: WordPiece) -> torch.Tensor:
    """Characters of every vocabulary piece ([V, 12], 0-padded; 1 marks a ## continuation piece).

    The table is a constant inside the graph, so character features need no extra model input: rare pieces
    still get a representation from the character CNN that all pieces share.
    """
    chars = sorted({ch for piece in wp.vocab for ch in piece.removeprefix("##")})
    index = {ch: i + 2 for i, ch in enumerate(chars)}
    rows = []
    for piece in wp.vocab:
        body = [1] if piece.startswith("##") else []
        body += [index[ch] for ch in piece.removeprefix("##")]
        body = body[:CHARS_PER_PIECE]
        rows.append(body + [0] * (CHARS_PER_PIECE - len(body)))
    return torch.tensor(rows, dtype=torch.int32)  # int32 halves the constant table in the ONNX file


class Tagger(nn.Module):
    def __init__(self, c: dict, chars: torch.Tensor):
        super().__init__()
        self.register_buffer("chars", chars)
        self.char_emb = nn.Embedding(int(chars.max()) + 1, c["char"], padding_idx=0)
        self.char_cnn = nn.Conv1d(c["char"], c["char_out"], 3, padding=1)
        self.emb = nn.Embedding(c["vocab"], c["emb"], padding_idx=0)
        self.inp = nn.Conv1d(c["emb"] + c["char_out"], c["conv"], 1)
        self.convs = nn.ModuleList(nn.Conv1d(c["conv"], c["conv"], 3, padding=d, dilation=d) for d in (1, 2, 1))
        self.lstm = nn.LSTM(c["conv"], c["lstm"], batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(c["dropout"])
        self.out = nn.Linear(2 * c["lstm"], len(LABELS))

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
        return self.out(self.drop(h))


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


def train(smoke: bool = False) -> dict:
    c = dict(SMOKE if smoke else FULL)
    setup()
    rows = read_jsonl(data_file("bc5cdr_train", "train"), c.get("limit"))
    extra = [" ".join(r["tokens"]) for r in read_jsonl(data_file("ncbi_disease", "train"), c.get("limit"))]
    extra += [r["answer"] for r in read_jsonl(data_file("medquad", "train"), c.get("limit"))]
    wp = train_wordpiece([" ".join(r["tokens"]) for r in rows] + extra, c["vocab"])
    c["vocab"] = len(wp.vocab)
    random.Random(7).shuffle(rows)
    n_val = max(20, len(rows) // 20)
    val, trn = rows[:n_val], rows[n_val:]
    items = [encode_sentence(wp, r["tokens"], r["tags"])[:2] for r in trn]
    model = Tagger(c, char_table(wp))
    opt = torch.optim.Adam(model.parameters(), lr=c["lr"])
    timer = Timer(c["budget"])
    best, best_state, epoch = -1.0, None, 0
    while not timer.over() and epoch < c.get("epochs", 10 ** 6):
        model.train()
        epoch += 1
        total = 0.0
        for _, ids, mask, lab in batches(items, c["batch"], True):
            if timer.over():
                break
            logits = model(ids, mask)
            loss = F.cross_entropy(logits.reshape(-1, len(LABELS)), lab.reshape(-1), ignore_index=-100)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += loss.item()
        for g in opt.param_groups:
            g["lr"] *= 0.9
        f1 = prf([r["tags"] for r in val], predict_words(model, wp, [r["tokens"] for r in val]))["f1"]
        print(f"[ner] epoch {epoch} loss {total:.1f} val F1 {f1} ({timer.elapsed:.0f}s)", flush=True)
        if f1 > best:
            best, best_state = f1, {k: v.clone() for k, v in model.state_dict().items()}
    train_s = timer.elapsed
    model.load_state_dict(best_state)
    metrics = {"val_f1_both_types": best, "epochs": epoch, "dev": evaluate(model, wp, c),
               "dev_int8_sim": evaluate(load_int8_as_torch_weights(model), wp, c)}
    print(f"[ner] metrics {metrics}", flush=True)

    folder = (OUT / "smoke" if smoke else OUT / "full") / "ner-bc5cdr"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    write_json(folder / "tokenizer.json", wordpiece_json(wp))
    write_json(folder / "tokenizer_config.json", wordpiece_config(512))
    write_json(folder / "config.json", {
        "architectures": ["BertForTokenClassification"], "model_type": "bert", "vocab_size": c["vocab"],
        "id2label": {str(i): l for i, l in enumerate(LABELS)}, "label2id": {l: i for i, l in enumerate(LABELS)},
        "max_position_embeddings": 512, "bedside_architecture": "subword embeddings + dilated CNN + BiLSTM"})
    torch.save(model.state_dict(), folder.parent / "ner-bc5cdr.pt")
    args = (torch.tensor([[2, 50, 60, 3]]), torch.ones(1, 4, dtype=torch.long))
    sizes = export_onnx(model, args, folder, ["input_ids", "attention_mask"], ["logits"],
                        {"input_ids": {0: "batch_size", 1: "sequence_length"},
                         "attention_mask": {0: "batch_size", 1: "sequence_length"},
                         "logits": {0: "batch_size", 1: "sequence_length"}})
    meta = {
        "id": "bedside/ner-bc5cdr", "task": "token-classification", "license": "CC-BY-4.0 (weights trained on BC5CDR, CC BY 4.0)",
        "data": ["shared/data/bc5cdr_train/train.jsonl (tags)", "shared/data/ncbi_disease/train.jsonl and medquad/train.jsonl (tokenizer text only)"],
        "labels": LABELS,
        "architecture": {"type": "wordpiece+dilated-cnn+bilstm", "params": sum(p.numel() for p in model.parameters()),
                         **{k: c[k] for k in ("vocab", "emb", "conv", "lstm")}},
        "training": {"command": f"npm run train -- ner{' --smoke' if smoke else ''}", "commit": git_commit(),
                     "train_seconds": round(train_s), "threads": torch.get_num_threads(), "seed": 1234,
                     "selection": "best epoch by F1 on 5% of train held out (not dev)"},
        "metrics": metrics, "sizes": sizes,
    }
    return write_manifest(folder, meta)


def install(smoke: bool = False):
    src = (OUT / "smoke" if smoke else OUT / "full") / "ner-bc5cdr"
    dst = MODELS / "ner-bc5cdr"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.onnx"))
    return dst
