"""med-lm-2's model plumbing: gen-1 weights read back from its int8 ONNX file, the packed training forward
(block-diagonal attention, positions restarting per example, logits only where the loss is taken) and greedy
decoding with the KV cache, the path the exported graph takes in the browser."""
import json
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from onnx import numpy_helper

from layers import rope
from toktrain import BPE


def load_bpe(folder: Path) -> BPE:
    tj = json.loads((folder / "tokenizer.json").read_text(encoding="utf-8"))
    ids = tj["model"]["vocab"]
    vocab = [None] * len(ids)
    for t, i in ids.items():
        vocab[i] = t
    merges = [tuple(m.split(" ", 1)) if isinstance(m, str) else tuple(m) for m in tj["model"]["merges"]]
    return BPE(vocab, merges)


def load_int8_onnx(model: torch.nn.Module, path: Path) -> int:
    """Dequantize gen-1's int8 ONNX weights into `model` (same architecture). Linear layers were exported as
    anonymous MatMul initializers: they are matched in graph order (q, k, v, o, gate, up, down per layer; the
    tied lm_head last), the same order the modules run in forward."""
    g = onnx.load(str(path)).graph
    init = {i.name: numpy_helper.to_array(i) for i in g.initializer}

    def weight(name):
        if name in init:
            return init[name].astype(np.float32)
        q, s = init[name + "_int8"].astype(np.float32), init[name + "_scale"]
        shape = [1] * q.ndim
        shape[1 if name.startswith("onnx::MatMul") else 0] = -1  # MatMul B: per column; Gather table: per row
        return q * s.reshape(shape)

    sd = model.state_dict()
    loaded = 0
    for k in sd:
        name = "lm." + k
        if name in init or name + "_int8" in init:
            sd[k] = torch.from_numpy(weight(name))
            loaded += 1
    linears = [n for n, m in model.named_modules() if isinstance(m, torch.nn.Linear) and n != "lm_head"]
    # DequantizeLinear -> MatMul, or (quantize.to_matmul_integer) MatMulInteger on the `<name>_int8` initializer.
    mats = [n.input[1] if n.op_type == "MatMul" else n.input[1].removesuffix("_int8") for n in g.node
            if n.op_type in ("MatMul", "MatMulInteger") and n.input[1].startswith("onnx::MatMul")]
    assert len(mats) == len(linears) + 1, (len(mats), len(linears))
    for lin, name in zip(linears, mats):
        w = torch.from_numpy(weight(name)).t().contiguous()  # [in, out] -> nn.Linear's [out, in]
        assert w.shape == sd[lin + ".weight"].shape, (lin, w.shape)
        sd[lin + ".weight"] = w
        loaded += 1
    sd["lm_head.weight"] = sd["model.embed_tokens.weight"]  # tied: the embedding table is the head
    model.load_state_dict(sd)
    return loaded


def packed_loss(model, ids, pos, seg, tgt, wt):
    """Weighted next-token loss over packed rows: each example attends only to itself (seg), positions restart
    at 0 per example as at inference, and the vocabulary projection runs only where a target is weighted."""
    tr = model.model
    x = tr.embed_tokens(ids)
    cos, sin = rope(pos, tr.head_dim)
    t = ids.shape[1]
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    mask = ((seg[:, :, None] == seg[:, None, :]) & causal)[:, None]
    for layer in tr.layers:
        x, _ = layer(x, cos, sin, mask)
    h = tr.norm(x)
    sel = wt > 0
    logits = model.lm_head(h[sel])
    loss = F.cross_entropy(logits, tgt[sel], reduction="none")
    return (loss * wt[sel]).sum() / wt[sel].sum()


@torch.no_grad()
def generate(model, ids: list[int], end: int, max_new: int, rep_penalty: float = 1.0) -> list[int]:
    model.eval()
    out, past = [], None
    x = torch.tensor([ids])
    for _ in range(max_new):
        total = len(ids) + len(out)
        p = torch.arange(total - x.shape[1], total).unsqueeze(0)
        logits, past = model(x, torch.ones(1, total, dtype=torch.long), p, past)
        logits = logits[0, -1]
        if rep_penalty != 1.0:
            for t in set(ids + out):  # same rule as Transformers.js repetition_penalty
                logits[t] = logits[t] / rep_penalty if logits[t] > 0 else logits[t] * rep_penalty
        nxt = int(logits.argmax())
        if nxt == end:
            break
        out.append(nxt)
        x = torch.tensor([[nxt]])
    return out


@torch.no_grad()
def generate_batch(model, prompts: list[list[int]], end: int, pad: int, max_new: int, rep_penalty: float = 1.0,
                   batch: int = 16) -> list[list[int]]:
    """Greedy decoding of many prompts, left-padded in batches (similar lengths together). Padded keys are masked
    out and positions count real tokens only, so each row decodes as it would alone."""
    model.eval()
    results: list[list[int]] = [[] for _ in prompts]
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    for s in range(0, len(order), batch):
        idx = order[s:s + batch]
        L = max(len(prompts[i]) for i in idx)
        x = torch.full((len(idx), L), pad, dtype=torch.long)
        mask = torch.zeros(len(idx), L, dtype=torch.long)
        for r, i in enumerate(idx):
            x[r, L - len(prompts[i]):] = torch.tensor(prompts[i])
            mask[r, L - len(prompts[i]):] = 1
        pos = (mask.cumsum(1) - 1).clamp_min(0)
        past, done = None, [False] * len(idx)
        for _ in range(max_new):
            logits, past = model(x, mask, pos, past)
            logits = logits[:, -1]
            nxt = []
            for r, i in enumerate(idx):
                lg = logits[r]
                if rep_penalty != 1.0:
                    for t in set(prompts[i] + results[i]):
                        lg[t] = lg[t] / rep_penalty if lg[t] > 0 else lg[t] * rep_penalty
                t = int(lg.argmax())
                if not done[r]:
                    if t == end:
                        done[r] = True
                    else:
                        results[i].append(t)
                nxt.append(t)
            if all(done):
                break
            x = torch.tensor(nxt)[:, None]
            pos = pos[:, -1:] + 1
            mask = torch.cat([mask, torch.ones(len(idx), 1, dtype=torch.long)], 1)
    return results
