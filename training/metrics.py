"""Metrics used by the recipe (the TypeScript eval code has its own, unit-tested copies)."""
import re


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower())


def rouge_l(pred: str, ref: str) -> float:
    """ROUGE-L F1 on lowercase word tokens (longest common subsequence)."""
    a, b = _words(pred), _words(ref)
    if not a or not b:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    lcs = prev[-1]
    if lcs == 0:
        return 0.0
    p, r = lcs / len(a), lcs / len(b)
    return 2 * p * r / (p + r)


def spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Strict BIO entity spans (start, end, type), as seqeval's default mode reads them."""
    out, start, typ = set(), None, None
    for i, t in enumerate(list(tags) + ["O"]):
        if t.startswith("B-") or t == "O" or (t.startswith("I-") and t[2:] != typ):
            if start is not None:
                out.add((start, i, typ))
                start, typ = None, None
            if t.startswith("B-") or t.startswith("I-"):  # a stray I- opens an entity, as seqeval does
                start, typ = i, t[2:]
    return out


def prf(gold: list[list[str]], pred: list[list[str]], only: str | None = None) -> dict:
    tp = fp = fn = 0
    for g, p in zip(gold, pred):
        gs = {s for s in spans(g) if only is None or s[2] == only}
        ps = {s for s in spans(p) if only is None or s[2] == only}
        tp += len(gs & ps)
        fp += len(ps - gs)
        fn += len(gs - ps)
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"precision": round(100 * prec, 2), "recall": round(100 * rec, 2), "f1": round(100 * f1, 2),
            "tp": tp, "fp": fp, "fn": fn}
