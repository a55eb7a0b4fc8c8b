"""med-lm-2's dev evaluation in Python: greedy decoding of the int8-simulated weights, strict parsing as in
taskPrompts.json, unparsed answers counted (scored as wrong / as an empty list). Besides the figures on `n` items,
`parity` holds each task's figure on its first PARITY items, which the Node test reproduces with Transformers.js."""
from collections import Counter

from common import data_file, read_jsonl
from export import load_int8_as_torch_weights
from lm2_model import generate_batch
from lm2_tasks import (DDI_LABELS, HOC_LABELS, T, ddi, entities, entity_strings, hoc, medquad, norm,
                       parse_first_word, parse_hoc, parse_list, pubmedqa, render)
from metrics import rouge_l

PARITY = 50
NER_SETS = (("bc5cdr_chem", "Chemical", "entities_chemical", "Chemicals"),
            ("bc5cdr_disease", "Disease", "entities_disease", "Diseases"),
            ("ncbi_disease", "Disease", "entities_disease", "Diseases"))


def _f1(tp, fp, fn):
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def score_pubmedqa(rows, outs):
    a = [parse_first_word(o, ["yes", "no", "maybe"]) for o in outs]
    maj = Counter(r["answer"] for r in rows).most_common(1)[0][1]
    return {"accuracy": round(sum(x == r["answer"] for x, r in zip(a, rows)) / len(rows), 4),
            "unparsed": round(a.count(None) / len(rows), 4), "majority_baseline": round(maj / len(rows), 4), "n": len(rows)}


def score_entities(rows, outs, typ, prefix):
    tp = fp = fn = unparsed = 0
    for r, o in zip(rows, outs):
        pred = parse_list(o, prefix)
        unparsed += pred is None
        p = {norm(x) for x in pred or []}
        g = {norm(x) for x in entity_strings(r["tokens"], r["tags"], typ)}
        tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
    return {"entity_f1": round(_f1(tp, fp, fn), 4), "unparsed": round(unparsed / len(rows), 4), "n": len(rows)}


def score_hoc(rows, outs):
    per = {l: [0, 0, 0] for l in HOC_LABELS}
    unparsed = exact = 0
    for r, o in zip(rows, outs):
        pred = parse_hoc(o)
        unparsed += pred is None
        p, g = set(pred or []), set(r["labels"])
        exact += p == g
        for l in HOC_LABELS:
            per[l][0] += l in p and l in g
            per[l][1] += l in p and l not in g
            per[l][2] += l in g and l not in p
    tot = [sum(v[k] for v in per.values()) for k in range(3)]
    return {"macro_f1": round(sum(_f1(*v) for v in per.values()) / len(per), 4), "micro_f1": round(_f1(*tot), 4),
            "exact_match": round(exact / len(rows), 4), "unparsed": round(unparsed / len(rows), 4), "n": len(rows)}


def score_ddi(rows, outs):
    per = {l: [0, 0, 0] for l in DDI_LABELS[:4]}
    a = [parse_first_word(o, DDI_LABELS) for o in outs]
    for x, r in zip(a, rows):
        for l in per:
            per[l][0] += x == l and r["answer"] == l
            per[l][1] += x == l and r["answer"] != l
            per[l][2] += r["answer"] == l and x != l
    tot = [sum(v[k] for v in per.values()) for k in range(3)]
    return {"micro_f1_positive": round(_f1(*tot), 4), "accuracy": round(sum(x == r["answer"] for x, r in zip(a, rows)) / len(rows), 4),
            "per_class_f1": {l: round(_f1(*v), 4) for l, v in per.items()}, "unparsed": round(a.count(None) / len(rows), 4),
            "n": len(rows)}


def score_medquad(rows, outs):
    return {"rougeL_f": round(sum(rouge_l(o, r["answer"]) for o, r in zip(outs, rows)) / max(len(rows), 1), 4), "n": len(rows)}


def evaluate(model, tok, n: int, rouge_n: int) -> tuple[dict, list]:
    q = load_int8_as_torch_weights(model)
    end, pad = tok.special("<|end|>"), tok.special("<|pad|>")

    def ask(prompts, task, max_new=None):
        s = T[task]
        outs = generate_batch(q, [tok.encode(render(p)) for p in prompts], end, pad,
                              max_new or s["max_new_tokens"], s["repetition_penalty"])
        return [tok.decode(o).strip() for o in outs]

    m, parity, samples = {}, {}, []

    def record(name, rows, outs, scorer, *args):
        m[name] = scorer(rows, outs, *args)
        parity[name] = {**scorer(rows[:PARITY], outs[:PARITY], *args), "outputs": outs[:PARITY]}
        samples.extend({"task": name, "output": o, "gold": r.get("answer", r.get("labels"))} for r, o in zip(rows[:2], outs[:2]))

    rows = read_jsonl(data_file("pubmedqa", "dev"))[:n]
    # 8 new tokens: the parse reads the first word only, and greedy decoding makes longer runs start the same
    record("pubmedqa", rows, ask([pubmedqa(r)[0] for r in rows], "pubmedqa", 8), score_pubmedqa)
    for set_name, typ, task, prefix in NER_SETS:
        rows = read_jsonl(data_file(set_name, "dev"))[:n]
        record(set_name, rows, ask([entities(r, typ)[0] for r in rows], task), score_entities, typ, prefix)
    rows = read_jsonl(data_file("hoc", "dev"))[:n]
    record("hoc", rows, ask([hoc(r)[0] for r in rows], "hoc"), score_hoc)
    rows = read_jsonl(data_file("ddi2013", "dev"))[:n]
    record("ddi2013", rows, ask([ddi(r)[0] for r in rows], "ddi"), score_ddi)
    rows = read_jsonl(data_file("medquad", "dev"))[:rouge_n]
    record("medquad", rows, ask([medquad(r)[0] for r in rows], "medquad"), score_medquad)
    rows = read_jsonl(data_file("pubmedqa", "dev"))[:3]
    samples += [{"task": "pubmedqa (48 tokens)", "question": r["question"], "output": o, "gold": r["answer"]}
                for r, o in zip(rows, ask([pubmedqa(r)[0] for r in rows], "pubmedqa"))]
    m["notes"] = {"weights": "int8 simulated in torch (same per-channel rounding as the ONNX file), greedy decoding",
                  "baselines": "hoc: predicting no hallmark (the majority) scores macro/micro-F1 0; ddi2013: predicting "
                               "'none' (the majority) scores micro-F1 0 over the four positive classes",
                  "parity": f"metrics.parity: the same figures on each set's first {PARITY} items, with the outputs"}
    m["parity"] = parity
    return m, samples
