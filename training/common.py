"""Shared helpers for the training recipe: paths, seeds, threads, data, manifests."""
import hashlib
import json
import os
import random
import subprocess
import time
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(os.environ.get("BEDSIDE_DATA", ROOT.parent / "shared" / "data"))
OUT = ROOT / "training" / "out"
MODELS = ROOT / "models" / "bedside"


def setup(seed: int = 1234, threads: int = 2) -> None:
    """Fixed seeds and an explicit thread count, so runs are repeatable on the 2-core machine."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.set_num_threads(int(os.environ.get("BEDSIDE_THREADS", threads)))  # 1 when two recipes share the cores


def read_jsonl(path: Path, limit: int | None = None) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rows.append(json.loads(line))
                if limit and len(rows) >= limit:
                    break
    return rows


def data_file(name: str, split: str) -> Path:
    return DATA / name / f"{split}.jsonl"


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def git_commit() -> str:
    try:
        return subprocess.check_output(["git", "rev-parse", "HEAD"], cwd=ROOT, text=True).strip()
    except Exception:
        return "unknown"


def write_json(path: Path, obj) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_manifest(folder: Path, meta: dict, skip: tuple[str, ...] = ("onnx/model.onnx",)) -> dict:
    """MANIFEST.json lists every shipped file with size and sha256 (fp32 model.onnx is not shipped)."""
    files = []
    for p in sorted(folder.rglob("*")):
        rel = p.relative_to(folder).as_posix()
        if p.is_file() and rel != "MANIFEST.json" and rel not in skip:
            files.append({"path": rel, "bytes": p.stat().st_size, "sha256": sha256(p)})
    manifest = {**meta, "files": files}
    write_json(folder / "MANIFEST.json", manifest)
    return manifest


class Timer:
    def __init__(self, budget_s: float):
        self.start = time.time()
        self.budget = budget_s

    @property
    def elapsed(self) -> float:
        return time.time() - self.start

    def over(self) -> bool:
        return self.elapsed > self.budget
