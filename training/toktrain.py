"""Our own tokenizer trainers, writing Hugging Face `tokenizer.json` files that Transformers.js loads.

- WordPiece (cased, BERT normalizer and pre-tokenizer) for the encoders (NER, embeddings).
- Byte-level BPE with a chat template for the causal LM.

The Python encoders here mirror what Transformers.js does with the written file; a Node test checks that both
sides produce the same ids on the dev data. One file of about 340 lines on purpose: both trainers share the
normalizer, the pre-tokenizer rules and the tokenizer.json writer, which must stay in step with each other.
"""
import collections
import re
import unicodedata

# ---------------------------------------------------------------- WordPiece (BERT-style)

WP_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def _is_control(c: str) -> bool:
    if c in "\t\n\r":
        return False
    return unicodedata.category(c).startswith("C")


def _is_whitespace(c: str) -> bool:
    return c in " \t\n\r" or unicodedata.category(c) == "Zs"


def _is_cjk(cp: int) -> bool:
    return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF or 0x20000 <= cp <= 0x2A6DF or 0x2A700 <= cp <= 0x2B73F
            or 0x2B740 <= cp <= 0x2B81F or 0x2B820 <= cp <= 0x2CEAF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F)


def _is_punct(c: str) -> bool:
    cp = ord(c)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(c).startswith("P")


def bert_normalize(text: str) -> str:
    out = []
    for c in text:
        cp = ord(c)
        if cp == 0 or cp == 0xFFFD or _is_control(c):
            continue
        if _is_whitespace(c):
            out.append(" ")
        elif _is_cjk(cp):
            out.append(f" {c} ")
        else:
            out.append(c)
    return "".join(out)


def bert_pretokenize(text: str) -> list[str]:
    words, cur = [], []
    for c in text:
        if c.isspace() or _is_whitespace(c):
            if cur:
                words.append("".join(cur))
                cur = []
        elif _is_punct(c):
            if cur:
                words.append("".join(cur))
                cur = []
            words.append(c)
        else:
            cur.append(c)
    if cur:
        words.append("".join(cur))
    return words


class WordPiece:
    def __init__(self, vocab: list[str]):
        self.vocab = vocab
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.unk = self.ids["[UNK]"]
        self.cache: dict[str, list[int]] = {}

    def word_ids(self, word: str) -> list[int]:
        if word in self.cache:
            return self.cache[word]
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.ids:
                    found = self.ids[piece]
                    break
                end -= 1
            if found is None:
                ids = [self.unk]
                break
            ids.append(found)
            start = end
        self.cache[word] = ids
        return ids

    def encode_words(self, text: str) -> list[list[int]]:
        """Subword ids grouped by pre-tokenized word (no special tokens)."""
        return [self.word_ids(w) for w in bert_pretokenize(bert_normalize(text))]

    def encode(self, text: str, special: bool = True) -> list[int]:
        ids = [i for w in self.encode_words(text) for i in w]
        return [self.ids["[CLS]"], *ids, self.ids["[SEP]"]] if special else ids


def train_wordpiece(texts, vocab_size: int = 8000, min_word_freq: int = 2) -> WordPiece:
    """Frequency-based WordPiece: all characters, then the commonest whole words and word-internal pieces.

    Candidates are scored by frequency times the characters they save, which keeps frequent words whole and
    gives rare chemical names common stems and suffixes (##ine, ##ol, ##itis) instead of [UNK].
    """
    words = collections.Counter()
    for t in texts:
        words.update(bert_pretokenize(bert_normalize(t)))
    chars = collections.Counter()
    for w, n in words.items():
        for i, c in enumerate(w):
            chars[c if i == 0 else "##" + c] += n
    base = [c for c, n in chars.most_common() if n >= 1]
    cand = collections.Counter()
    for w, n in words.items():
        if n >= min_word_freq and len(w) > 1:
            cand[w] += n * len(w)
        if len(w) > 3:
            for i in range(1, len(w) - 1):  # word-internal pieces of length 2..6
                for j in range(i + 2, min(len(w), i + 6) + 1):
                    cand["##" + w[i:j]] += n * (j - i) * 0.5
            for j in range(2, min(len(w) - 1, 6) + 1):  # prefixes
                if n >= 1:
                    cand[w[:j]] += n * j * 0.5
    vocab = list(WP_SPECIALS) + base
    seen = set(vocab)
    for piece, _ in cand.most_common():
        if len(vocab) >= vocab_size:
            break
        if piece not in seen:
            vocab.append(piece)
            seen.add(piece)
    return WordPiece(vocab)


def wordpiece_json(wp: WordPiece) -> dict:
    specials = [{"id": wp.ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True} for t in WP_SPECIALS]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": specials,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": False, "lowercase": False},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {t: {"id": t, "ids": [wp.ids[t]], "tokens": [t]} for t in ("[CLS]", "[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": wp.ids},
    }


def wordpiece_config(max_len: int = 512) -> dict:
    return {"tokenizer_class": "BertTokenizer", "do_lower_case": False, "model_max_length": max_len,
            "unk_token": "[UNK]", "pad_token": "[PAD]", "cls_token": "[CLS]", "sep_token": "[SEP]",
            "mask_token": "[MASK]", "clean_up_tokenization_spaces": True}


# ---------------------------------------------------------------- byte-level BPE (LM)

# Split on ASCII classes only, so Python's `re` and JavaScript's RegExp agree exactly.
BPE_SPLIT = r" ?[A-Za-z]+| ?[0-9]| ?[^\sA-Za-z0-9]+|\s+(?!\S)|\s+"
LM_SPECIALS = ["<|pad|>", "<|bos|>", "<|end|>", "<|system|>", "<|user|>", "<|assistant|>"]
CHAT_TEMPLATE = (
    "{{ bos_token }}{% for message in messages %}"
    "{{ '<|' + message['role'] + '|>\n' + message['content'] + '<|end|>\n' }}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\n' }}{% endif %}"
)


def _bytes_to_unicode() -> dict[int, str]:
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


BYTE_ENC = _bytes_to_unicode()
BYTE_DEC = {v: k for k, v in BYTE_ENC.items()}
_split_re = re.compile(BPE_SPLIT)
_special_re = re.compile("(" + "|".join(re.escape(t) for t in LM_SPECIALS) + ")")


def bpe_chunks(text: str) -> list[str]:
    return ["".join(BYTE_ENC[b] for b in m.encode("utf-8")) for m in _split_re.findall(text)]


class BPE:
    def __init__(self, vocab: list[str], merges: list[tuple[str, str]]):
        self.vocab = vocab
        self.ids = {t: i for i, t in enumerate(vocab)}
        self.merges = merges
        self.ranks = {m: i for i, m in enumerate(merges)}
        self.cache: dict[str, list[int]] = {}

    def chunk_ids(self, chunk: str) -> list[int]:
        if chunk in self.cache:
            return self.cache[chunk]
        parts = list(chunk)
        while len(parts) > 1:
            best, best_rank = None, None
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best_rank is None or r < best_rank):
                    best, best_rank = i, r
            if best is None:
                break
            a, b = parts[best], parts[best + 1]
            merged, i = [], 0
            while i < len(parts):  # merge every occurrence of the best pair, left to right
                if i < len(parts) - 1 and parts[i] == a and parts[i + 1] == b:
                    merged.append(a + b)
                    i += 2
                else:
                    merged.append(parts[i])
                    i += 1
            parts = merged
        ids = [self.ids[p] for p in parts]
        self.cache[chunk] = ids
        return ids

    def encode(self, text: str) -> list[int]:
        ids = []
        for piece in _special_re.split(text):
            if not piece:
                continue
            if piece in self.ids and piece in LM_SPECIALS:
                ids.append(self.ids[piece])
            else:
                for ch in bpe_chunks(piece):
                    ids.extend(self.chunk_ids(ch))
        return ids

    def decode(self, ids: list[int]) -> str:
        toks = [self.vocab[i] for i in ids if self.vocab[i] not in LM_SPECIALS]
        return bytes(BYTE_DEC[c] for c in "".join(toks)).decode("utf-8", errors="replace")

    def special(self, name: str) -> int:
        return self.ids[name]


def train_bpe(texts, vocab_size: int = 8192, min_freq: int = 2) -> BPE:
    """Classic BPE over byte-level chunks with incremental pair counts (fast enough for a few MB of text)."""
    words = collections.Counter()
    for t in texts:
        words.update(bpe_chunks(t))
    base = sorted(BYTE_ENC.values())
    vocab = LM_SPECIALS + base
    seqs = [list(w) for w in words]
    freqs = list(words.values())
    pairs = collections.Counter()
    where = collections.defaultdict(set)
    for wi, s in enumerate(seqs):
        for i in range(len(s) - 1):
            pairs[(s[i], s[i + 1])] += freqs[wi]
            where[(s[i], s[i + 1])].add(wi)
    merges = []
    while len(vocab) < vocab_size and pairs:
        (a, b), n = max(pairs.items(), key=lambda kv: (kv[1], kv[0]))
        if n < min_freq:
            break
        merges.append((a, b))
        vocab.append(a + b)
        for wi in list(where[(a, b)]):
            s, f = seqs[wi], freqs[wi]
            for i in range(len(s) - 1):  # remove this word's old pairs
                p = (s[i], s[i + 1])
                pairs[p] -= f
                if pairs[p] <= 0:
                    del pairs[p]
            merged, i = [], 0
            while i < len(s):
                if i < len(s) - 1 and s[i] == a and s[i + 1] == b:
                    merged.append(a + b)
                    i += 2
                else:
                    merged.append(s[i])
                    i += 1
            seqs[wi] = merged
            for i in range(len(merged) - 1):  # add its new pairs
                p = (merged[i], merged[i + 1])
                pairs[p] += f
                where[p].add(wi)
        where.pop((a, b), None)
    return BPE(vocab, merges)


def bpe_json(bpe: BPE) -> dict:
    specials = [{"id": bpe.ids[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
                 "normalized": False, "special": True} for t in LM_SPECIALS]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": specials,
        "normalizer": None,
        "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
            {"type": "Split", "pattern": {"Regex": BPE_SPLIT}, "behavior": "Isolated", "invert": False},
            {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        ]},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": False},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": None,
                  "end_of_word_suffix": None, "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": bpe.ids, "merges": [f"{a} {b}" for a, b in bpe.merges]},
    }


def bpe_config(max_len: int) -> dict:
    return {"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": max_len, "bos_token": "<|bos|>",
            "eos_token": "<|end|>", "pad_token": "<|pad|>", "unk_token": None, "add_bos_token": False,
            "add_eos_token": False, "clean_up_tokenization_spaces": False, "chat_template": CHAT_TEMPLATE}


def chat_text(question: str, answer: str | None = None) -> str:
    """The chat template rendered in Python (must equal the Jinja template above)."""
    s = f"<|bos|><|user|>\n{question}<|end|>\n<|assistant|>\n"
    return s if answer is None else s + f"{answer}<|end|>\n"
