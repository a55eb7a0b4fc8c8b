"""One command per model, one for all: python3 training/run.py {lm,ner,embed,lm2,hoc,ddi,all} [--smoke] [--no-install] [--fresh] [--continue]."""
import argparse
import json
import os
import sys
import time

from common import ROOT

MODELS = ("ner", "lm", "embed", "lm2", "hoc", "ddi")


def learns(m) -> bool:
    first, last = m["learning_loss_first_last"]
    return last < 0.85 * first


# Smoke runs train for seconds on a few hundred examples: these floors only prove the recipe still learns
# and exports (a broken loss, tokenizer or export lands at chance), not that the model is good.
SMOKE_CHECKS = {
    "lm": lambda m: m["medquad_dev_answer_perplexity"] < 300,  # chance is the vocabulary size (1024)
    # ner: the frozen first generation alone passes the dev floor; the fine-tuned half must also learn.
    "ner": lambda m: m["dev"]["bc5cdr_chem"]["f1"] > 10 and learns(m),
    "embed": lambda m: m["medquad_dev_recall_at_1"] > 20,  # chance is 2% on 50 items
    # lm2 starts from gen-1, which never answers in these formats (its entity F1 is 0 and it parses nothing):
    # a few dozen steps of the mix must already teach the answer formats.
    # A broken recipe answers nothing in the trained formats (unparsed share ~1); 40 smoke steps reach ~0.2 on average.
    "lm2": lambda m: sum(m[k]["unparsed"] for k in ("ddi2013", "bc5cdr_chem", "hoc")) / 3 < 0.5,
    # The specialists are ensembles whose first half is the committed first generation: the dev floor proves the export
    # and the averaging, the loss of the half that learns (its epoch-sum training loss) proves it still learns.
    "hoc": lambda m: m["dev_int8_sim"]["micro_f1"] > 0.15 and learns(m),  # predicting nothing scores 0
    "ddi": lambda m: m["dev_int8_sim"]["micro_f1"] > 0.1 and learns(m),  # predicting 'none' scores 0
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("model", nargs="?", default="all", choices=[*MODELS, "all"])
    ap.add_argument("--smoke", action="store_true", help="tiny subset, under 2 minutes per model; writes training/out/smoke")
    ap.add_argument("--no-install", action="store_true", help="do not copy the result into models/bedside/")
    ap.add_argument("--fresh", action="store_true", help="lm2: ignore a checkpoint in training/out/ and start over")
    ap.add_argument("--continue", dest="cont", action="store_true",
                    help="lm2: start from the committed models/bedside/med-lm-2 instead of gen-1 (with --fresh, or no checkpoint)")
    args = ap.parse_args()
    todo = MODELS if args.model == "all" else (args.model,)
    passed = failed = 0
    # .ci/run counts smoke checks from this report; a crash leaves none, and the exit status counts instead.
    report = os.path.join(ROOT, "test-results", "train-smoke.json")
    if args.smoke and os.path.exists(report):
        os.remove(report)
    for name in todo:
        t = time.time()
        mod = __import__(f"train_{name}")
        meta = mod.train(smoke=args.smoke, **({"resume": not args.fresh, "cont": args.cont} if name == "lm2" else {}))
        if not args.smoke and not args.no_install:
            print(f"[{name}] installed into {mod.install()}")
        print(f"[{name}] done in {time.time() - t:.0f}s: {json.dumps(meta['metrics'])}", flush=True)
        if args.smoke:
            files = {f["path"] for f in meta["files"]}
            ok = {"onnx/model_quantized.onnx", "tokenizer.json", "config.json"} <= files and SMOKE_CHECKS[name](meta["metrics"])
            print(f"[{name}] smoke {'PASS' if ok else 'FAIL'}", flush=True)
            passed, failed = passed + ok, failed + (not ok)
    if args.smoke:
        print(f"training smoke: {passed} passed, {failed} failed")
        os.makedirs(os.path.dirname(report), exist_ok=True)
        with open(report, "w") as f:
            json.dump({"passed": passed, "failed": failed}, f)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
