"""bedside/ner-bc5cdr's networks: the tagger (subword embeddings + character CNN -> residual dilated convolutions ->
BiLSTM -> per-subword BIO logits) and, for the second generation, an ensemble of the first generation, read back
frozen from its committed int8 file, with a second tagger fine-tuned from it on BC5CDR and NCBI-disease together.
"""
import subprocess
from pathlib import Path

import onnx
import torch
import torch.nn as nn
import torch.nn.functional as F

from cls_model import NER_GEN1_COMMIT, dequantized

LABELS = ["O", "B-Chemical", "I-Chemical", "B-Disease", "I-Disease"]
CHARS_PER_PIECE = 12
ROOT = Path(__file__).resolve().parent.parent


class Tagger(nn.Module):
    def __init__(self, c: dict, chars: torch.Tensor):
        super().__init__()
        self.register_buffer("chars", chars)
        self.char_emb = nn.Embedding(int(chars.max()) + 1, c["char"], padding_idx=0)
        self.char_cnn = nn.Conv1d(c["char"], c["char_out"], 3, padding=1)
        self.emb = nn.Embedding(c["vocab"], c["emb"], padding_idx=0)
        self.inp = nn.Conv1d(c["emb"] + c["char_out"], c["conv"], 1)
        self.convs = nn.ModuleList(nn.Conv1d(c["conv"], c["conv"], 3, padding=d, dilation=d) for d in (1, 2, 1))
        self.lstm = nn.LSTM(c["conv"], c["lstm"], batch_first=True, bidirectional=True)
        self.drop = nn.Dropout(c["dropout"])
        self.out = nn.Linear(2 * c["lstm"], len(LABELS))

    def forward(self, input_ids, attention_mask):
        m = attention_mask.unsqueeze(1).to(torch.float32)
        b, t = input_ids.shape
        ch = self.char_emb(self.chars[input_ids].reshape(b * t, CHARS_PER_PIECE).long()).transpose(1, 2)
        ch = torch.relu(self.char_cnn(ch)).max(dim=2).values.reshape(b, t, -1)
        x = self.drop(torch.cat([self.emb(input_ids), ch], dim=-1)).transpose(1, 2)
        x = self.inp(x) * m
        for conv in self.convs:
            x = (x + F.relu(conv(self.drop(x)))) * m
        h, _ = self.lstm(self.drop(x.transpose(1, 2)))
        return self.out(self.drop(h))


def _onnx_lstm_to_torch(w: torch.Tensor, hidden: int) -> torch.Tensor:
    """ONNX stacks an LSTM's gates as (input, output, forget, cell); PyTorch as (input, forget, cell, output)."""
    i, o, f, c = w.split(hidden, dim=0)
    return torch.cat([i, f, c, o], dim=0)


def committed_tagger(c: dict, commit: str = NER_GEN1_COMMIT) -> Tagger:
    """The tagger in models/bedside/ner-bc5cdr as committed at `commit`, dequantized from its int8 ONNX file. The
    exporter named the BiLSTM's and the output layer's weights anonymously; they are found by the LSTM node's inputs
    and the last MatMul."""
    blob = subprocess.run(["git", "show", f"{commit}:models/bedside/ner-bc5cdr/onnx/model_quantized.onnx"], cwd=ROOT,
                          check=True, capture_output=True).stdout
    g = onnx.load_from_string(blob)
    named = dequantized(g, anonymous=True)
    lstm = next(n for n in g.graph.node if n.op_type == "LSTM")
    W, R, B = (named[lstm.input[k]] for k in (1, 2, 3))
    head = named[next(n.input[1] for n in reversed(g.graph.node) if n.op_type == "MatMul")]
    model = Tagger(dict(c, vocab=named["emb.weight"].shape[0]), named["chars"].to(torch.int32))
    h = c["lstm"]
    sd = {k: v for k, v in named.items() if k in model.state_dict()}  # the onnx:: ones match no name here
    for d, suffix in ((0, ""), (1, "_reverse")):
        sd[f"lstm.weight_ih_l0{suffix}"] = _onnx_lstm_to_torch(W[d], h)
        sd[f"lstm.weight_hh_l0{suffix}"] = _onnx_lstm_to_torch(R[d], h)
        sd[f"lstm.bias_ih_l0{suffix}"] = _onnx_lstm_to_torch(B[d][: 4 * h], h)
        sd[f"lstm.bias_hh_l0{suffix}"] = _onnx_lstm_to_torch(B[d][4 * h:], h)
    sd["out.weight"] = head.t().contiguous()
    model.load_state_dict(sd)  # strict: every tensor accounted for
    return model


class EnsembleTagger(nn.Module):
    """The first generation (frozen) and a second tagger, averaged as per-subword probabilities and given out as log
    probabilities, so the app's softmax/argmax side is unchanged. In training mode only the second tagger runs."""

    def __init__(self, frozen: Tagger, learner: Tagger):
        super().__init__()
        self.gen1, self.gen2 = frozen, learner
        for p in self.gen1.parameters():
            p.requires_grad_(False)

    def forward(self, input_ids, attention_mask):
        if self.training:
            return self.gen2(input_ids, attention_mask)
        p = (torch.softmax(self.gen1(input_ids, attention_mask), -1) + torch.softmax(self.gen2(input_ids, attention_mask), -1)) / 2
        return torch.log(p.clamp_min(1e-9))

    def train(self, mode: bool = True):
        super().train(mode)
        self.gen1.eval()  # its dropout stays off
        return self


# A subword label for NCBI-disease's O: it marks diseases only, so an O there may be O or part of a chemical.
O_OR_CHEMICAL = -2


def partial_loss(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy, where an O_OR_CHEMICAL subword scores -log(p(O) + p(B-Chemical) + p(I-Chemical)); -100 is
    ignored."""
    lp = F.log_softmax(logits.reshape(-1, len(LABELS)), -1)
    lab = labels.reshape(-1)
    keep = lab != -100
    mask = torch.zeros_like(lp, dtype=torch.bool)
    hard = keep & (lab >= 0)
    mask[hard, lab[hard]] = True
    mask[lab == O_OR_CHEMICAL, :3] = True  # LABELS[:3] = O, B-Chemical, I-Chemical
    picked = torch.logsumexp(lp.masked_fill(~mask, float("-inf")), -1)
    return -picked[keep].mean()
