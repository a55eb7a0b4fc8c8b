"""med-lm-2's tasks: prompts from src/lib/eval/taskPrompts.json (shared with the TypeScript runners), the
training mix built from TRAIN splits only, and strict answer parsing for the Python dev evaluation."""
import json
import random
import re

from common import ROOT, data_file, read_jsonl
from ddi_markers import mark_pair

PROMPTS = json.loads((ROOT / "src" / "lib" / "eval" / "taskPrompts.json").read_text(encoding="utf-8"))
SYSTEM = PROMPTS["system"]
T = PROMPTS["tasks"]
HOC_LABELS = T["hoc"]["labels"]
DDI_LABELS = ["mechanism", "effect", "advise", "int", "none"]
SEP = PROMPTS["list_separator"]

# The Jinja template adds the default system prompt when the messages carry none, so a caller that sends only a
# user message (the Compare panel) gets the prompt the model was trained with. render() below must equal it.
CHAT_TEMPLATE = (
    "{{ bos_token }}{% if messages[0]['role'] != 'system' %}{{ '<|system|>\n" + SYSTEM + "<|end|>\n' }}{% endif %}"
    "{% for message in messages %}{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)


def render(user: str, answer: str | None = None, system: str = SYSTEM) -> str:
    s = f"<|bos|><|system|>\n{system}<|end|>\n<|user|>\n{user}<|end|>\n<|assistant|>\n"
    return s if answer is None else s + f"{answer}<|end|>\n"


def truncate_at_word(text: str, max_chars: int) -> str:
    """Same rule as truncateAtWord in src/lib/eval/prompts.ts."""
    if len(text) <= max_chars:
        return text
    end = max_chars - 1 if 0xD800 <= ord(text[max_chars - 1]) <= 0xDBFF else max_chars
    cut = text[:end]
    m = re.search(r"\s\S*$", cut)
    return f"{(cut[:m.start()] if m and m.start() > 0 else cut).rstrip()} ..."


def fill(task: str, **kw) -> str:
    out = T[task]["user"]
    for k, v in kw.items():
        out = out.replace("{" + k + "}", v)
    return out


# ---- per-task prompt and answer ------------------------------------------------------------------------------

def pubmedqa(r: dict) -> tuple[str, str]:
    ctx = truncate_at_word(r["context"].strip(), T["pubmedqa"]["max_chars"])
    return fill("pubmedqa", context=ctx, question=r["question"].strip()), f"{r['answer']}. {r['long_answer'].strip()}"


def entity_strings(tokens: list[str], tags: list[str], typ: str) -> list[str]:
    """Entity surface strings of one type (tokens joined by ' '), each once, in order of first appearance."""
    out, cur = [], None
    for tok, tag in zip(list(tokens) + [""], list(tags) + ["O"]):
        if tag == f"B-{typ}" or (tag == f"I-{typ}" and cur is None):
            if cur:
                out.append(" ".join(cur))
            cur = [tok]
        elif tag == f"I-{typ}":
            cur.append(tok)
        else:
            if cur:
                out.append(" ".join(cur))
            cur = None
    seen, uniq = set(), []
    for e in out:
        k = norm(e)
        if k not in seen:
            seen.add(k)
            uniq.append(e)
    return uniq


def entities(r: dict, typ: str) -> tuple[str, str]:
    task, prefix = ("entities_chemical", "Chemicals") if typ == "Chemical" else ("entities_disease", "Diseases")
    ents = entity_strings(r["tokens"], r["tags"], typ)
    return fill(task, text=" ".join(r["tokens"])), (f"{prefix}: {SEP.join(ents)}" if ents else "None")


def hoc(r: dict) -> tuple[str, str]:
    labels = [l for l in HOC_LABELS if l in r["labels"]]
    return fill("hoc", text=r["context"].strip()), (f"Hallmarks: {SEP.join(labels)}" if labels else "None")


def ddi(r: dict) -> tuple[str, str]:
    e1, e2 = r["entities"][0]["text"], r["entities"][1]["text"]
    return fill("ddi", marked=mark_pair(r["context"], r["entities"]), e1=e1, e2=e2), r["answer"]


def medquad(r: dict) -> tuple[str, str]:
    return fill("medquad", question=r["question"].strip()), r["answer"].strip()


def _passage(text: str) -> str:
    return truncate_at_word(re.sub(r"\s+", " ", text).strip(), T["library_answer"]["max_chars"])


def library(r: dict, distractors: list[dict], rng: random.Random) -> tuple[str, str]:
    """The gold answer among 2 distractor answers; the target copies the gold passage's opening and cites it."""
    passages = [r] + distractors
    rng.shuffle(passages)
    k = passages.index(r) + 1
    lines = "\n".join(f"[{i + 1}] {_passage(p['answer'])}" for i, p in enumerate(passages))
    gold = _passage(r["answer"])
    sents = re.split(r"(?<=[.!?])\s+", gold.removesuffix(" ..."))
    answer = sents[0]
    for s in sents[1:]:
        if len(answer) + len(s) > 200:
            break
        answer += " " + s
    return fill("library_answer", passages=lines, question=r["question"].strip()), f"{answer.strip()} [{k}]"


# ---- the training mix ----------------------------------------------------------------------------------------

# Items per epoch (sampled from each train split; pubmedqa's 500 items repeat). The classification-style tasks
# weigh their first answer tokens more (FIRST_WEIGHT) so the decision is learnt, not only the long answer.
MIX = {"pubmedqa": 1500, "medquad": 2500, "library": 2500, "chem": 4000, "disease_bc5": 3500, "disease_ncbi": 3000,
       "hoc_pos": 3135, "hoc_neg": 2500, "ddi_pos": 4004, "ddi_neg": 6000}
FIRST_WEIGHT = {"pubmedqa": 4.0, "ddi": 3.0, "hoc": 2.0, "entities": 1.0, "medquad": 1.0, "library": 1.0}


def load_train(limit: int | None = None) -> dict:
    return {"pubmedqa": read_jsonl(data_file("pubmedqa", "train"), limit),
            "medquad": read_jsonl(data_file("medquad", "train"), limit),
            "bc5": read_jsonl(data_file("bc5cdr_train", "train"), limit),
            "ncbi": read_jsonl(data_file("ncbi_disease", "train"), limit),
            "hoc": read_jsonl(data_file("hoc", "train"), limit),
            "ddi": read_jsonl(data_file("ddi2013", "train"), limit)}


def epoch_examples(d: dict, epoch: int, scale: float = 1.0) -> list[tuple[str, str, str]]:
    """(kind, prompt text, answer) for one epoch of the mix, deterministic per epoch."""
    rng = random.Random(f"lm2-{epoch}")

    def take(rows, n):
        n = max(1, int(n * scale))
        return [rng.choice(rows) for _ in range(n)] if n > len(rows) else rng.sample(rows, n)

    out = []
    out += [("pubmedqa", *pubmedqa(r)) for r in take(d["pubmedqa"], MIX["pubmedqa"])]
    out += [("medquad", *medquad(r)) for r in take(d["medquad"], MIX["medquad"])]
    mq = d["medquad"]
    out += [("library", *library(r, [x for x in rng.sample(mq, 3) if x is not r][:2], rng))
            for r in take(mq, MIX["library"])]
    out += [("entities", *entities(r, "Chemical")) for r in take(d["bc5"], MIX["chem"])]
    out += [("entities", *entities(r, "Disease")) for r in take(d["bc5"], MIX["disease_bc5"])]
    out += [("entities", *entities(r, "Disease")) for r in take(d["ncbi"], MIX["disease_ncbi"])]
    hp = [r for r in d["hoc"] if r["labels"]] or d["hoc"]
    hn = [r for r in d["hoc"] if not r["labels"]] or d["hoc"]
    out += [("hoc", *hoc(r)) for r in take(hp, MIX["hoc_pos"]) + take(hn, MIX["hoc_neg"])]
    dp = [r for r in d["ddi"] if r["answer"] != "none"] or d["ddi"]
    dn = [r for r in d["ddi"] if r["answer"] == "none"] or d["ddi"]
    out += [("ddi", *ddi(r)) for r in take(dp, MIX["ddi_pos"]) + take(dn, MIX["ddi_neg"])]
    rng.shuffle(out)
    return out


# ---- strict parsing (the same rules as taskPrompts.json 'parse') ----------------------------------------------

def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s.lower()).strip()


def parse_first_word(out: str, words: list[str]) -> str | None:
    m = re.match(r"^(" + "|".join(words) + r")\b", out.strip().lower())
    return m.group(1) if m else None


def parse_list(out: str, prefix: str) -> list[str] | None:
    out = out.strip()
    if out == "None":
        return []
    if not out.startswith(prefix + ":"):
        return None
    return [x.strip() for x in out[len(prefix) + 1:].split(";") if x.strip()]


def parse_hoc(out: str) -> list[str] | None:
    items = parse_list(out, "Hallmarks")
    if items is None:
        return None
    lower = {l.lower(): l for l in HOC_LABELS}
    labels = [lower[i.lower()] for i in items if i.lower() in lower]
    return None if items and not labels else sorted(set(labels), key=HOC_LABELS.index)
