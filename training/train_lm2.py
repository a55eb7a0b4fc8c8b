"""bedside/med-lm-2: gen-1 (bedside/med-lm) instruction-tuned on a multi-task mix from the TRAIN splits (MedQuAD QA,
PubMedQA and MedQuAD passages read in the prompt, entity listing, HoC hallmarks, DDI relation types).

Wall-clock budgeted and resumable: a checkpoint is written to training/out/<run>/lm2-ckpt.pt every few minutes,
and a rerun (or `--resume`) continues from it with the budget that is left.
"""
import json
import math
import os
import random
import shutil
import time

import torch

from common import MODELS, OUT, Timer, git_commit, setup, write_json, write_manifest
from lm2_eval import evaluate
from lm2_model import generate, load_bpe, load_int8_onnx, packed_loss
from lm2_tasks import FIRST_WEIGHT, epoch_examples, load_train, render
from train_lm import CausalLM, save_hf_files

GEN1 = MODELS / "med-lm"
FULL = dict(vocab=8192, dim=256, layers=4, heads=4, hidden=704, seq=512, batch=6, lr=1e-3, warmup=20,
            budget=float(os.environ.get("BEDSIDE_LM2_BUDGET_MIN", 65)) * 60, ckpt_every=300, scale=1.0, eval_n=int(os.environ.get("BEDSIDE_LM2_EVAL_N", 200)),
            rouge_n=40)
CONTINUE_LR = 5e-4  # a continued run starts below the fresh run's peak: its weights are already past warm-up
# The smoke takes a fixed number of steps (budget only as a cap), so a slow machine does not make it fail.
SMOKE = dict(FULL, seq=384, batch=4, lr=1e-3, warmup=5, budget=150, steps=60, ckpt_every=10 ** 6, scale=0.02,
             limit=3000, eval_n=12, rouge_n=3)


def load_avg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def tokenize(tok, examples, seq):
    """Each example -> (ids, targets, weights): loss on the answer and its closing <|end|>, first tokens weighted."""
    out = []
    for kind, prompt, answer in examples:
        p = tok.encode(render(prompt))
        full = tok.encode(render(prompt, answer))[:-1][:seq]  # drop the newline after <|end|>
        if full[:len(p)] != p or len(full) <= len(p):
            continue
        w = [0.0] * (len(p) - 1) + [1.0] * (len(full) - len(p))
        for i in range(len(p) - 1, min(len(p) + 1, len(full) - 1)):
            w[i] = FIRST_WEIGHT[kind]
        out.append((full[:-1], full[1:], w))
    return out


def pack(items, seq, seed):
    """Greedy packing of whole examples into rows of `seq` tokens, with segment ids for block-diagonal attention."""
    random.Random(seed).shuffle(items)
    rows, cur = [], []
    for it in items:
        if cur and sum(len(x[0]) for x in cur) + len(it[0]) > seq:
            rows.append(cur)
            cur = []
        cur.append(it)
    if cur:
        rows.append(cur)
    t = lambda: torch.zeros(len(rows), seq, dtype=torch.long)
    ids, pos, seg, tgt, wt = t(), t(), t(), t(), torch.zeros(len(rows), seq)
    for r, row in enumerate(rows):
        o = 0
        for s, (x, y, w) in enumerate(row, 1):
            n = len(x)
            ids[r, o:o + n], tgt[r, o:o + n] = torch.tensor(x), torch.tensor(y)
            wt[r, o:o + n], pos[r, o:o + n], seg[r, o:o + n] = torch.tensor(w), torch.arange(n), s
            o += n
    return ids, pos, seg, tgt, wt


def train(smoke: bool = False, resume: bool = True, bench: bool = False, cont: bool = False) -> dict:
    """cont: start from the committed med-lm-2 (its int8 weights, dequantized) instead of gen-1, for a later session
    to continue a run whose checkpoint is gone. The optimizer starts afresh at CONTINUE_LR; the mix starts at the
    epoch after the committed run's last, so it samples items that run had not drawn in that order."""
    c = dict(SMOKE if smoke else FULL)
    setup()
    run_dir = OUT / ("smoke" if smoke else "full")
    ckpt_path = run_dir / "lm2-ckpt.pt"
    start = MODELS / "med-lm-2" if cont else GEN1
    prior = json.loads((start / "MANIFEST.json").read_text())["training"] if cont else None
    if cont:
        c["lr"], c["warmup"] = CONTINUE_LR, 10
    tok = load_bpe(start)
    data = load_train(c.get("limit"))
    model = CausalLM(c)
    loaded = load_int8_onnx(model, start / "onnx" / "model_quantized.onnx")
    opt = torch.optim.AdamW(model.parameters(), lr=c["lr"], betas=(0.9, 0.95), weight_decay=0.1)
    st = dict(step=0, epoch=prior["epochs_started"] if cont else 0, batch=0, seen=0, elapsed=0.0, est_steps=None,
              loads=[], epochs_tokens={})
    if resume and ckpt_path.exists() and not smoke:
        ck = torch.load(ckpt_path)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["opt"])
        st = ck["state"]
        print(f"[lm2] resumed at step {st['step']} ({st['elapsed']:.0f}s of {c['budget']:.0f}s used)", flush=True)
    st["loads"].append({"at": "start" if st["step"] == 0 else f"resume@{st['step']}", "utc": time.strftime("%H:%M:%S", time.gmtime()), "loadavg": load_avg()})
    print(f"[lm2] gen-1 tensors loaded: {loaded}; load {load_avg()}", flush=True)
    timer = Timer(c["budget"] - st["elapsed"])
    base_elapsed, last_ckpt, mid_logged = st["elapsed"], time.time(), False

    def save():
        st["elapsed"] = base_elapsed + timer.elapsed
        run_dir.mkdir(parents=True, exist_ok=True)
        torch.save({"model": model.state_dict(), "opt": opt.state_dict(), "state": st}, str(ckpt_path) + ".tmp")
        os.replace(str(ckpt_path) + ".tmp", ckpt_path)

    model.train()
    max_steps = c.get("steps", 10 ** 9)
    while not timer.over() and st["step"] < max_steps:
        t0 = time.time()
        items = tokenize(tok, epoch_examples(data, st["epoch"], c["scale"]), c["seq"])
        ids, pos, seg, tgt, wt = pack(items, c["seq"], st["epoch"])
        print(f"[lm2] epoch {st['epoch']}: {len(items)} examples, {len(ids)} rows, "
              f"{int((seg > 0).sum())} tokens ({time.time() - t0:.0f}s to build)", flush=True)
        while st["batch"] * c["batch"] < len(ids) and not timer.over() and st["step"] < max_steps:
            sl = slice(st["batch"] * c["batch"], (st["batch"] + 1) * c["batch"])
            if st["est_steps"] is None and st["step"] == 20:  # size the cosine schedule to the budget
                st["est_steps"] = min(int(c["budget"] / ((base_elapsed + timer.elapsed) / 20)), max_steps)
            total = st["est_steps"] or 10 ** 6
            lr = c["lr"] * min(1.0, (st["step"] + 1) / c["warmup"]) * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, st["step"] / total))))
            for g in opt.param_groups:
                g["lr"] = lr
            loss = packed_loss(model, ids[sl], pos[sl], seg[sl], tgt[sl], wt[sl])
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            st["step"] += 1
            st["batch"] += 1
            st["seen"] += int((seg[sl] > 0).sum())
            el = base_elapsed + timer.elapsed
            if st["step"] % 25 == 0:
                print(f"[lm2] step {st['step']} loss {loss.item():.3f} lr {lr:.2e} {st['seen'] / el:.0f} tok/s {el:.0f}s load {load_avg()}", flush=True)
            if not mid_logged and el > c["budget"] / 2:
                st["loads"].append({"at": f"middle@{st['step']}", "utc": time.strftime("%H:%M:%S", time.gmtime()), "loadavg": load_avg()})
                mid_logged = True
            if bench and st["step"] >= bench:
                return {"tok_s": st["seen"] / el, "steps": st["step"]}
            if time.time() - last_ckpt > c["ckpt_every"]:
                save()
                last_ckpt = time.time()
        if st["batch"] * c["batch"] >= len(ids):
            st["epoch"], st["batch"] = st["epoch"] + 1, 0
    st["loads"].append({"at": f"end@{st['step']}", "utc": time.strftime("%H:%M:%S", time.gmtime()), "loadavg": load_avg()})
    save()
    return finish(model, tok, c, st, smoke, loaded, prior)


def finish(model, tok, c, st, smoke, loaded, prior=None) -> dict:
    print(f"[lm2] trained {st['step']} steps, {st['seen']} tokens in {st['elapsed']:.0f}s; evaluating", flush=True)
    t0 = time.time()
    metrics, samples = evaluate(model, tok, c["eval_n"], c["rouge_n"])
    metrics["eval_seconds"] = round(time.time() - t0)
    print(f"[lm2] metrics {metrics}", flush=True)
    folder = (OUT / ("smoke" if smoke else "full")) / "med-lm-2"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    from export_lm import export_lm
    sizes = export_lm(model, tok, c, folder)
    meta = {
        "id": "bedside/med-lm-2", "task": "text-generation",
        "license": "CC-BY-NC-4.0 AND GPL-3.0 (weights trained on DDI 2013 CC BY-NC 4.0: non-commercial; HoC GPL-3.0; "
                   "MedQuAD CC BY 4.0, PubMedQA MIT, BC5CDR/NCBI CC BY 4.0)",
        "data": [f"shared/data/{s}/train.jsonl" for s in ("medquad", "pubmedqa", "bc5cdr_train", "ncbi_disease", "hoc", "ddi2013")],
        "init": ("bedside/med-lm-2 as committed (int8 weights, dequantized; continued, see training.continued_from)" if prior
                 else "bedside/med-lm (gen-1) int8 weights and tokenizer, dequantized"), "init_tensors": loaded,
        "architecture": {"type": "llama", "params": sum(p.numel() for p in model.parameters()),
                         **{k: c[k] for k in ("vocab", "dim", "layers", "heads", "hidden", "seq")}},
        "prompts": "src/lib/eval/taskPrompts.json",
        "training": {"command": f"npm run train -- lm2{' --smoke' if smoke else ''}", "commit": git_commit(),
                     "budget_seconds": c["budget"], "train_seconds": round(st["elapsed"]), "steps": st["step"],
                     "epochs_started": st["epoch"] + 1, "tokens_seen": st["seen"], "batch_rows": c["batch"],
                     "lr": c["lr"], "threads": torch.get_num_threads(), "seed": 1234, "loadavg": st["loads"],
                     "machine": os.environ.get("BEDSIDE_MACHINE_NOTE", "2 shared CPU cores; see loadavg for how busy they were")},
        "metrics": metrics, "sizes": sizes, "samples": samples,
    }
    if prior:
        meta["training"]["continued_from"] = prior
        meta["training"]["command"] += " --fresh --continue"  # from the committed weights, not a checkpoint
        meta["training"]["total_train_seconds"] = prior.get("total_train_seconds", prior["train_seconds"]) + round(st["elapsed"])
        meta["training"]["total_tokens_seen"] = prior.get("total_tokens_seen", prior["tokens_seen"]) + st["seen"]
    env = [f"{k}={os.environ[k]}" for k in ("BEDSIDE_LM2_BUDGET_MIN", "BEDSIDE_THREADS") if k in os.environ]
    if env:
        meta["training"]["env"] = " ".join(env)
    bench_file = OUT / "lm2-bench.json"
    if bench_file.exists() and not smoke:
        meta["training"]["size_bench"] = json.loads(bench_file.read_text())
    return write_manifest(folder, meta)


def install() -> "Path":
    src, dst = OUT / "full" / "med-lm-2", MODELS / "med-lm-2"
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("model.onnx"))
    return dst
