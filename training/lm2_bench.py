"""Training throughput of med-lm-2's packed step at a few model sizes (a few steps each, same data), written to
training/out/lm2-bench.json and copied into the MANIFEST; the load average shows how busy the machine was."""
import json
import os
import sys
import time

import torch

from common import OUT, setup
from lm2_model import load_bpe, packed_loss
from lm2_tasks import epoch_examples, load_train
from train_lm import CausalLM
from train_lm2 import FULL, GEN1, pack, tokenize

SIZES = [dict(dim=192, layers=4, heads=4, hidden=512), dict(dim=256, layers=4, heads=4, hidden=704),
         dict(dim=320, layers=6, heads=5, hidden=864)]


def main(steps: int = 6, rows: int = 4) -> None:
    setup()
    tok = load_bpe(GEN1)
    items = tokenize(tok, epoch_examples(load_train(), 0, 0.01), FULL["seq"])
    ids, pos, seg, tgt, wt = pack(items, FULL["seq"], 0)
    out = []
    for s in SIZES:
        c = dict(FULL, **s)
        model = CausalLM(c)
        opt = torch.optim.AdamW(model.parameters(), lr=1e-4)
        seen, t0 = 0, None
        for i in range(steps + 1):
            if i == 1:
                t0, seen = time.time(), 0  # the first step warms up allocations
            sl = slice(i * rows, (i + 1) * rows)
            loss = packed_loss(model, ids[sl], pos[sl], seg[sl], tgt[sl], wt[sl])
            opt.zero_grad()
            loss.backward()
            opt.step()
            seen += int((seg[sl] > 0).sum())
        r = {**s, "params": sum(p.numel() for p in model.parameters()), "tokens_per_s": round(seen / (time.time() - t0)),
             "steps": steps, "rows": rows, "seq": FULL["seq"], "loadavg": [round(x, 2) for x in os.getloadavg()]}
        print(r, flush=True)
        out.append(r)
    (OUT / "lm2-bench.json").parent.mkdir(parents=True, exist_ok=True)
    (OUT / "lm2-bench.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(*map(int, sys.argv[1:]))
