"""med-lm-2's dev evaluation in Python: greedy decoding of the int8-simulated weights, strict parsing as in
taskPrompts.json, unparsed answers counted (and scored as wrong / as an empty list)."""
from collections import Counter

from common import data_file, read_jsonl
from export import load_int8_as_torch_weights
from lm2_model import generate_batch
from lm2_tasks import (DDI_LABELS, HOC_LABELS, T, ddi, entities, entity_strings, hoc, medquad, norm,
                       parse_first_word, parse_hoc, parse_list, pubmedqa, render)
from metrics import rouge_l


def _f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(model, tok, n: int, rouge_n: int) -> tuple[dict, list]:
    q = load_int8_as_torch_weights(model)
    end = tok.special("<|end|>")

    def ask(prompts, task, max_new=None):
        ids = [tok.encode(render(p)) for p in prompts]
        s = T[task]
        outs = generate_batch(q, ids, end, tok.special("<|pad|>"), max_new or s["max_new_tokens"], s["repetition_penalty"])
        return [tok.decode(o).strip() for o in outs]

    m, samples = {}, []
    rows = read_jsonl(data_file("pubmedqa", "dev"))[:n]
    correct = unparsed = 0
    outs = ask([pubmedqa(r)[0] for r in rows[:3]], "pubmedqa") + ask([pubmedqa(r)[0] for r in rows[3:]], "pubmedqa", 8)
    for i, (r, out) in enumerate(zip(rows, outs)):  # 8 new tokens for the rest: the parse reads the first word only
        a = parse_first_word(out, ["yes", "no", "maybe"])
        unparsed += a is None
        correct += a == r["answer"]
        if i < 3:
            samples.append({"task": "pubmedqa", "question": r["question"], "output": out, "gold": r["answer"]})
    maj = Counter(r["answer"] for r in rows).most_common(1)[0]
    m["pubmedqa"] = {"accuracy": round(correct / len(rows), 4), "unparsed": round(unparsed / len(rows), 4),
                     "majority_baseline": round(maj[1] / len(rows), 4), "n": len(rows)}

    for set_name, typ, task, prefix in (("bc5cdr_chem", "Chemical", "entities_chemical", "Chemicals"),
                                        ("bc5cdr_disease", "Disease", "entities_disease", "Diseases"),
                                        ("ncbi_disease", "Disease", "entities_disease", "Diseases")):
        rows = read_jsonl(data_file(set_name, "dev"))[:n]
        tp = fp = fn = unparsed = 0
        outs = ask([entities(r, typ)[0] for r in rows], task)
        for i, (r, out) in enumerate(zip(rows, outs)):
            pred = parse_list(out, prefix)
            unparsed += pred is None
            p = {norm(x) for x in pred or []}
            g = {norm(x) for x in entity_strings(r["tokens"], r["tags"], typ)}
            tp, fp, fn = tp + len(p & g), fp + len(p - g), fn + len(g - p)
            if i < 2:
                samples.append({"task": set_name, "text": " ".join(r["tokens"]), "output": out, "gold": sorted(g)})
        m[set_name] = {"entity_f1": round(_f1(tp, fp, fn), 4), "unparsed": round(unparsed / len(rows), 4), "n": len(rows)}

    rows = read_jsonl(data_file("hoc", "dev"))[:n]
    per = {l: [0, 0, 0] for l in HOC_LABELS}
    unparsed = exact = 0
    for i, (r, out) in enumerate(zip(rows, ask([hoc(r)[0] for r in rows], "hoc"))):
        pred = parse_hoc(out)
        unparsed += pred is None
        p, g = set(pred or []), set(r["labels"])
        exact += p == g
        for l in HOC_LABELS:
            per[l][0] += l in p and l in g
            per[l][1] += l in p and l not in g
            per[l][2] += l in g and l not in p
        if i < 2:
            samples.append({"task": "hoc", "text": r["context"], "output": out, "gold": r["labels"]})
    tot = [sum(v[k] for v in per.values()) for k in range(3)]
    m["hoc"] = {"macro_f1": round(sum(_f1(*v) for v in per.values()) / len(per), 4), "micro_f1": round(_f1(*tot), 4),
                "exact_match": round(exact / len(rows), 4), "unparsed": round(unparsed / len(rows), 4), "n": len(rows),
                "majority_baseline_note": "predicting no hallmark (the majority) scores macro- and micro-F1 0"}

    rows = read_jsonl(data_file("ddi2013", "dev"))[:n]
    per = {l: [0, 0, 0] for l in DDI_LABELS[:4]}
    unparsed = correct = 0
    for i, (r, out) in enumerate(zip(rows, ask([ddi(r)[0] for r in rows], "ddi"))):
        a = parse_first_word(out, DDI_LABELS)
        unparsed += a is None
        correct += a == r["answer"]
        for l in per:
            per[l][0] += a == l and r["answer"] == l
            per[l][1] += a == l and r["answer"] != l
            per[l][2] += r["answer"] == l and a != l
        if i < 2:
            samples.append({"task": "ddi2013", "text": ddi(r)[0], "output": out, "gold": r["answer"]})
    tot = [sum(v[k] for v in per.values()) for k in range(3)]
    m["ddi2013"] = {"micro_f1_positive": round(_f1(*tot), 4), "accuracy": round(correct / len(rows), 4),
                    "per_class_f1": {l: round(_f1(*v), 4) for l, v in per.items()},
                    "unparsed": round(unparsed / len(rows), 4), "n": len(rows),
                    "majority_baseline_note": "predicting 'none' (the majority) scores micro-F1 0 over the positive classes"}

    rows = read_jsonl(data_file("medquad", "dev"))[:rouge_n]
    outs = ask([medquad(r)[0] for r in rows], "medquad")
    m["medquad"] = {"rougeL_f": round(sum(rouge_l(o, r["answer"]) for o, r in zip(outs, rows)) / max(len(rows), 1), 4),
                    "n": len(rows)}
    samples += [{"task": "medquad", "question": r["question"], "output": o} for r, o in zip(rows[:3], outs)]
    m["weights"] = "int8 simulated in torch (same per-channel rounding as the ONNX file), greedy decoding"
    return m, samples
