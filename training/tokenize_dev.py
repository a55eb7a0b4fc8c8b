"""Print, as JSON, the ids our Python tokenizers give for dev texts, read back from a written tokenizer.json.

Used by the Node parity test: Transformers.js must produce exactly the same ids.
Usage: python3 training/tokenize_dev.py MODEL_DIR JSONL FIELD [LIMIT]
"""
import json
import sys
from pathlib import Path

from toktrain import BPE, WordPiece


def load(model_dir: Path):
    tj = json.loads((model_dir / "tokenizer.json").read_text(encoding="utf-8"))
    m = tj["model"]
    vocab = sorted(m["vocab"], key=m["vocab"].get)
    if m["type"] == "WordPiece":
        return WordPiece(vocab), True
    return BPE(vocab, [tuple(x.split(" ")) for x in m["merges"]]), False


def texts(path: Path, field: str, limit: int) -> list[str]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines()[:limit]:
        v = json.loads(line)[field]
        out.append(" ".join(v) if isinstance(v, list) else v)
    return out


def main() -> None:
    model_dir, path, field = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    limit = int(sys.argv[4]) if len(sys.argv) > 4 else 200
    tok, is_wp = load(model_dir)
    items = texts(path, field, limit)
    ids = [tok.encode(t) for t in items]  # WordPiece adds [CLS]/[SEP] as the post-processor does
    json.dump({"texts": items, "ids": ids}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
