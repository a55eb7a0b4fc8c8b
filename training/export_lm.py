"""Export a CausalLM in the Transformers.js decoder layout (KV cache), with med-lm-2's tokenizer files."""
from pathlib import Path

import torch

from common import write_json
from export import export_onnx
from lm2_tasks import CHAT_TEMPLATE
from toktrain import bpe_config
from train_lm import ExportWrapper, save_hf_files


def export_lm(model, tok, c: dict, folder: Path) -> dict:
    save_hf_files(folder, tok, c)
    cfg = bpe_config(1024)
    cfg["chat_template"] = CHAT_TEMPLATE
    write_json(folder / "tokenizer_config.json", cfg)
    gen = {"bos_token_id": tok.special("<|bos|>"), "eos_token_id": tok.special("<|end|>"),
           "pad_token_id": tok.special("<|pad|>"), "do_sample": False, "max_new_tokens": 96,
           "repetition_penalty": 1.0}  # reading tasks copy from the prompt; a penalty would push them off it
    write_json(folder / "generation_config.json", gen)
    n, hd = c["layers"], c["dim"] // c["heads"]
    past = [torch.zeros(1, c["heads"], 3, hd) for _ in range(2 * n)]
    names_past = [f"past_key_values.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    names_present = [f"present.{i}.{kv}" for i in range(n) for kv in ("key", "value")]
    dyn = {"input_ids": {0: "batch_size", 1: "sequence_length"},
           "attention_mask": {0: "batch_size", 1: "total_sequence_length"},
           "position_ids": {0: "batch_size", 1: "sequence_length"},
           "logits": {0: "batch_size", 1: "sequence_length"}}
    dyn.update({k: {0: "batch_size", 2: "past_sequence_length"} for k in names_past})
    dyn.update({k: {0: "batch_size", 2: "total_sequence_length"} for k in names_present})
    args = (torch.tensor([[5, 6]]), torch.ones(1, 5, dtype=torch.long), torch.tensor([[3, 4]]), *past)
    return export_onnx(ExportWrapper(model, n), args, folder,
                       ["input_ids", "attention_mask", "position_ids", *names_past], ["logits", *names_present], dyn,
                       matmul_integer=True)
