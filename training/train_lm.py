"""bedside/med-lm: a tiny Llama-architecture causal LM trained from scratch on MedQuAD Q/A pairs (chat template),
PubMedQA abstracts and NER sentences; exported with a KV cache in the Transformers.js decoder layout."""
import math
import random
import shutil
import time
from pathlib import Path

import torch
import torch.nn as nn
import torch.nn.functional as F

from common import MODELS, OUT, Timer, data_file, git_commit, read_jsonl, setup, write_json, write_manifest
from export import export_onnx, load_int8_as_torch_weights
from layers import Transformer
from metrics import rouge_l
from toktrain import BPE, bpe_config, bpe_json, chat_text, train_bpe

FULL = dict(vocab=8192, dim=256, layers=4, heads=4, hidden=704, seq=256, batch=16, lr=2e-3, budget=25 * 60,
            eval_items=200, rouge_items=40)
SMOKE = dict(vocab=1024, dim=64, layers=2, heads=4, hidden=176, seq=128, batch=8, lr=3e-3, budget=100, steps=300,
             eval_items=20, rouge_items=3, limit=400)


class CausalLM(nn.Module):
    def __init__(self, c: dict):
        super().__init__()
        self.model = Transformer(c["vocab"], c["dim"], c["layers"], c["heads"], c["heads"], c["hidden"], causal=True)
        self.lm_head = nn.Linear(c["dim"], c["vocab"], bias=False)
        self.lm_head.weight = self.model.embed_tokens.weight  # tied: half the embedding bytes to ship
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)

    def forward(self, input_ids, attention_mask=None, position_ids=None, past=None):
        if attention_mask is None:
            attention_mask = torch.ones_like(input_ids)
        if position_ids is None:
            position_ids = torch.arange(input_ids.shape[1]).unsqueeze(0).expand_as(input_ids)
        h, presents = self.model(input_ids, attention_mask, position_ids, past)
        return self.lm_head(h), presents


class ExportWrapper(nn.Module):
    """Flat signature Transformers.js expects: past_key_values.N.key/value in, present.N.key/value out."""

    def __init__(self, lm: CausalLM, layers: int):
        super().__init__()
        self.lm, self.n = lm, layers

    def forward(self, input_ids, attention_mask, position_ids, *past_flat):
        past = [(past_flat[2 * i], past_flat[2 * i + 1]) for i in range(self.n)]
        logits, presents = self.lm(input_ids, attention_mask, position_ids, past)
        return (logits, *[t for kv in presents for t in kv])


def corpus(limit: int | None):
    """Chat-formatted MedQuAD pairs plus plain biomedical text, each document closed by <|end|>."""
    qa = read_jsonl(data_file("medquad", "train"), limit)
    docs = [chat_text(r["question"], r["answer"]) for r in qa]
    pub = read_jsonl(data_file("pubmedqa", "train"), limit and limit // 4)
    docs += [f"<|bos|>{r['context']}\n{r['long_answer']}<|end|>\n" for r in pub]
    for name in ("bc5cdr_train", "ncbi_disease"):
        rows = read_jsonl(data_file(name, "train"), limit)
        sents = [" ".join(r["tokens"]) for r in rows]
        for i in range(0, len(sents), 8):  # a few sentences per document, like an abstract
            docs.append("<|bos|>" + " ".join(sents[i:i + 8]) + "<|end|>\n")
    return docs


def pack(ids_list: list[list[int]], seq: int) -> torch.Tensor:
    flat = [i for ids in ids_list for i in ids]
    n = len(flat) // (seq + 1)
    return torch.tensor(flat[: n * (seq + 1)]).view(n, seq + 1)


def answer_nll(model, tok: BPE, rows) -> tuple[float, int]:
    """Total negative log-likelihood of each reference answer (and its closing <|end|>) given the question."""
    total, count = 0.0, 0
    model.eval()
    with torch.no_grad():
        for r in rows:
            prompt = tok.encode(chat_text(r["question"]))
            full = tok.encode(chat_text(r["question"], r["answer"]))[:-1][:512]  # drop the trailing newline
            x = torch.tensor([full])
            logits, _ = model(x)
            logp = F.log_softmax(logits[0, :-1], -1)
            tgt = x[0, 1:]
            nll = -logp.gather(1, tgt[:, None])[:, 0]
            total += nll[len(prompt) - 1:].sum().item()
            count += len(tgt) - (len(prompt) - 1)
    return total, count


def bigram_nll(train_ids: list[list[int]], tok: BPE, rows, vocab: int, lam: float = 0.8) -> tuple[float, int]:
    """Interpolated bigram baseline (bigram + add-one unigram) on exactly the same answer tokens."""
    uni = torch.ones(vocab)
    big: dict[int, dict[int, int]] = {}
    for ids in train_ids:
        for a, b in zip(ids, ids[1:]):
            uni[b] += 1
            big.setdefault(a, {}).setdefault(b, 0)
            big[a][b] += 1
    puni = uni / uni.sum()
    totals = {a: sum(d.values()) for a, d in big.items()}
    total, count = 0.0, 0
    for r in rows:
        prompt = tok.encode(chat_text(r["question"]))
        full = tok.encode(chat_text(r["question"], r["answer"]))[:-1][:512]
        for i in range(len(prompt) - 1, len(full) - 1):
            a, b = full[i], full[i + 1]
            pb = big.get(a, {}).get(b, 0) / totals[a] if a in totals else 0.0
            total -= math.log(lam * pb + (1 - lam) * puni[b].item())
            count += 1
    return total, count


def generate(model, tok: BPE, question: str, max_new: int = 96, rep_penalty: float = 1.2) -> str:
    """Greedy decoding with the KV cache, the same path the exported graph takes in the browser."""
    model.eval()
    ids = tok.encode(chat_text(question))
    end = tok.special("<|end|>")
    out, past = [], None
    x = torch.tensor([ids])
    with torch.no_grad():
        for step in range(max_new):
            total = len(ids) + len(out)
            pos = torch.arange(total - x.shape[1], total).unsqueeze(0)
            logits, past = model(x, torch.ones(1, total, dtype=torch.long), pos, past)
            logits = logits[0, -1]
            for t in set(ids + out):  # same rule as Transformers.js repetition_penalty
                logits[t] = logits[t] / rep_penalty if logits[t] > 0 else logits[t] * rep_penalty
            nxt = int(logits.argmax())
            if nxt == end:
                break
            out.append(nxt)
            x = torch.tensor([[nxt]])
    return tok.decode(out).strip()


def train(smoke: bool = False) -> dict:
    c = dict(SMOKE if smoke else FULL)
    setup()
    t0 = time.time()
    docs = corpus(c.get("limit"))
    tok = train_bpe(docs if smoke else random.Random(1).sample(docs, min(len(docs), 6000)), c["vocab"])
    c["vocab"] = len(tok.vocab)
    ids_list = [tok.encode(d) for d in docs]
    random.Random(2).shuffle(ids_list)
    data = pack(ids_list, c["seq"])
    n_tokens = data.numel()
    print(f"[lm] tokenizer {len(tok.vocab)} tokens, corpus {n_tokens} tokens, {len(data)} sequences "
          f"({time.time() - t0:.0f}s)", flush=True)

    model = CausalLM(c)
    n_params = sum(p.numel() for p in model.parameters())
    opt = torch.optim.AdamW(model.parameters(), lr=c["lr"], betas=(0.9, 0.95), weight_decay=0.1)
    timer = Timer(c["budget"])
    step, seen, warmup, est_steps = 0, 0, 100 if not smoke else 10, None
    model.train()
    while not timer.over() and step < c.get("steps", 10 ** 9):
        perm = torch.randperm(len(data))
        for i in range(0, len(perm) - c["batch"] + 1, c["batch"]):
            if timer.over() or step >= c.get("steps", 10 ** 9):
                break
            batch = data[perm[i:i + c["batch"]]]
            if est_steps is None and step == 20:  # size the cosine schedule to the time budget (or step cap)
                est_steps = min(int(c["budget"] / (timer.elapsed / 20)), c.get("steps", 10 ** 9))
            total = est_steps or 10 ** 6
            lr = c["lr"] * min(1.0, (step + 1) / warmup) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, step / total))))
            for g in opt.param_groups:
                g["lr"] = lr
            logits, _ = model(batch[:, :-1])
            loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            step += 1
            seen += batch[:, :-1].numel()
            if step % 50 == 0:
                print(f"[lm] step {step} loss {loss.item():.3f} lr {lr:.2e} {seen / timer.elapsed:.0f} tok/s "
                      f"{timer.elapsed:.0f}s", flush=True)
    train_s = timer.elapsed
    print(f"[lm] trained {step} steps, {seen} tokens ({seen / max(n_tokens, 1):.2f} epochs) in {train_s:.0f}s", flush=True)

    dev = read_jsonl(data_file("medquad", "dev"))[: c["eval_items"]]
    nll, cnt = answer_nll(model, tok, dev)
    qnll, _ = answer_nll(load_int8_as_torch_weights(model), tok, dev)
    bnll, bcnt = bigram_nll(ids_list, tok, dev, c["vocab"])
    rows = dev[: c["rouge_items"]]
    answers = [generate(model, tok, r["question"]) for r in rows]
    rouge = sum(rouge_l(a, r["answer"]) for a, r in zip(answers, rows)) / max(len(rows), 1)
    metrics = {
        "medquad_dev_answer_perplexity": round(math.exp(nll / cnt), 2),
        "medquad_dev_answer_perplexity_int8_sim": round(math.exp(qnll / cnt), 2),
        "bigram_baseline_perplexity": round(math.exp(bnll / bcnt), 2),
        "medquad_dev_rougeL_f": round(rouge, 4),
        "eval_items": len(dev), "rouge_items": len(rows), "answer_tokens": cnt,
    }
    print(f"[lm] metrics {metrics}", flush=True)

    folder = (OUT / "smoke" if smoke else OUT / "full") / "med-lm"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    save_hf_files(folder, tok, c)
    torch.save(model.state_dict(), folder.parent / "med-lm.pt")  # for parity checks, never shipped
    n = c["layers"]
    hd = c["dim"] // c["heads"]
    past = [torch.zeros(1, c["heads"], 3, hd) for _ in range(2 * n)]
    names_past = [f"past_key_values.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    names_present = [f"present.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    dyn.update({k: {0: "batch_size", 2: "past_sequence_length"} for k in names_past})
    dyn.update({k: {0: "batch_size", 2: "total_sequence_length"} for k in names_present})
    args = (torch.tensor([[5, 6]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[3, 4]]), *past)
    sizes = export_onnx(ExportWrapper(model, n), args, folder,
                        ["input_ids", "attention_mask", "position_ids", *names_past], ["logits", *names_present], dyn,
                        matmul_integer=True)
    samples = [{"question": r["question"], "answer": a, "reference": r["answer"][:400]} for r, a in zip(rows[:5], answers)]
    meta = {
        "id": "bedside/med-lm", "task": "text-generation", "license": "CC-BY-4.0 (weights trained on MedQuAD CC BY 4.0, PubMedQA MIT, BC5CDR/NCBI CC BY 4.0)",
        "data": ["shared/data/medquad/train.jsonl", "shared/data/pubmedqa/train.jsonl",
                 "shared/data/bc5cdr_train/train.jsonl", "shared/data/ncbi_disease/train.jsonl"],
        "architecture": {"type": "llama", "params": n_params, **{k: c[k] for k in ("vocab", "dim", "layers", "heads", "hidden", "seq")}},
        "training": {"command": f"npm run train -- lm{' --smoke' if smoke else ''}", "commit": git_commit(),
                     "steps": step, "tokens_seen": seen, "corpus_tokens": n_tokens, "train_seconds": round(train_s),
                     "threads": torch.get_num_threads(), "seed": 1234},
        "metrics": metrics, "sizes": sizes, "samples": samples,
    }
    return write_manifest(folder, meta)


def save_hf_files(folder: Path, tok: BPE, c: dict) -> None:
    end, bos, pad = tok.special("<|end|>"), tok.special("<|bos|>"), tok.special("<|pad|>")
    write_json(folder / "tokenizer.json", bpe_json(tok))
    write_json(folder / "tokenizer_config.json", bpe_config(1024))
    write_json(folder / "config.json", {
        "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": c["vocab"],
        "hidden_size": c["dim"], "intermediate_size": c["hidden"], "num_hidden_layers": c["layers"],
        "num_attention_heads": c["heads"], "num_key_value_heads": c["heads"], "head_dim": c["dim"] // c["heads"],
        "max_position_embeddings": 1024, "rms_norm_eps": 1e-5, "rope_theta": 10000.0, "hidden_act": "silu",
        "tie_word_embeddings": True, "bos_token_id": bos, "eos_token_id": end, "pad_token_id": pad,
        "torch_dtype": "float32", "use_cache": True})
    write_json(folder / "generation_config.json", {
        "bos_token_id": bos, "eos_token_id": end, "pad_token_id": pad, "do_sample": False,
        "max_new_tokens": 128, "repetition_penalty": 1.2})


def install(smoke: bool = False) -> Path:
    """Copy the int8 build (no fp32 file) into models/bedside/ for committing."""
    src = (OUT / "smoke" if smoke else OUT / "full") / "med-lm"
    dst = MODELS / "med-lm"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.onnx"))
    return dst
