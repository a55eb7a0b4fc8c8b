"""Second-generation specialists' encoder: bedside/ner-bc5cdr's convolutional front end, reused and fine-tuned.

The bag-of-subwords classifier (cls_model.BagClassifier) sees which subwords occur, not in what order, so "X
increases the levels of Y" and "Y does not change X" look alike. The NER model's character CNN and three dilated
convolutions were trained on BC5CDR to find chemicals and diseases in context; their states are a pretrained,
order-aware encoder that costs a fraction of a BiLSTM on two CPU cores. One fresh dilated convolution widens the
window to 17 subwords. A marked pair (DDI) also reads, per the PCNN recipe, the max over each of the five
marker-delimited segments and the states at [E1] and [E2]; the segments come from cumulative sums over the marker
ids, in-graph, so the input rule (ddi_markers.mark_pair) and the ONNX interface (input_ids, attention_mask -> logits)
stay those of the first generation.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

from cls_model import BagClassifier, committed_weights, ner_weights

NEG = 1e4


class ConvClassifier(nn.Module):
    def __init__(self, c: dict, vocab: int, n_labels: int, marker_ids: list[int]):
        super().__init__()
        w = ner_weights()
        chars = torch.zeros(vocab, w["chars"].shape[1], dtype=torch.int32)
        chars[: w["chars"].shape[0]] = w["chars"].to(torch.int32)
        self.register_buffer("chars", chars)  # markers (rows past the NER vocabulary) have no characters
        self.char_emb = nn.Embedding(*w["char_emb.weight"].shape, padding_idx=0)
        self.char_cnn = nn.Conv1d(w["char_cnn.weight"].shape[1], w["char_cnn.weight"].shape[0], 3, padding=1)
        self.emb = nn.Embedding(vocab, w["emb.weight"].shape[1], padding_idx=0)
        width = w["inp.weight"].shape[0]
        self.inp = nn.Conv1d(w["inp.weight"].shape[1], width, 1)
        self.convs = nn.ModuleList(nn.Conv1d(width, width, 3, padding=d, dilation=d) for d in (1, 2, 1))
        with torch.no_grad():
            nn.init.normal_(self.emb.weight, std=float(w["emb.weight"].std()))
            self.emb.weight[: w["emb.weight"].shape[0]] = w["emb.weight"]
            for name, p in self.named_parameters():
                if name in w and name != "emb.weight":
                    p.copy_(w[name])
        self.pretrained = [n for n, _ in self.named_parameters() if n in w]
        self.wide = nn.Conv1d(width, width, 3, padding=4, dilation=4)  # fresh: the task's wider context
        self.marker_ids = marker_ids
        n_feats = (2 + (7 if marker_ids else 0)) * width
        self.drop = nn.Dropout(c["dropout"])
        # The pooled states reach tens (max over residual ReLU sums); normalised, the fresh head starts near chance.
        self.head = nn.Sequential(nn.LayerNorm(n_feats), nn.Linear(n_feats, c["head"]), nn.ReLU(), nn.Dropout(c["dropout"]),
                                  nn.Linear(c["head"], n_labels))

    def encode(self, input_ids, attention_mask):
        m = attention_mask.unsqueeze(1).to(torch.float32)
        b, t = input_ids.shape
        ch = self.char_emb(self.chars[input_ids].reshape(b * t, -1).long()).transpose(1, 2)
        ch = torch.relu(self.char_cnn(ch)).max(dim=2).values.reshape(b, t, -1)
        x = self.drop(torch.cat([self.emb(input_ids), ch], dim=-1)).transpose(1, 2)
        x = self.inp(x) * m
        for conv in [*self.convs, self.wide]:
            x = (x + F.relu(conv(self.drop(x)))) * m
        return x.transpose(1, 2)  # [b, t, width]

    @staticmethod
    def _max(v, seg):
        s = seg.unsqueeze(-1).to(torch.float32)
        top = (v * s - (1.0 - s) * NEG).max(dim=1).values
        return top * (s.sum(1) > 0).to(torch.float32)  # an empty segment reads as zeros, not -1e4

    def forward(self, input_ids, attention_mask):
        v = self.encode(input_ids, attention_mask)
        m = attention_mask.to(torch.bool)
        feats = [BagClassifier._mean(v, m), self._max(v, m)]
        if self.marker_ids:
            at = [(input_ids == i) for i in self.marker_ids]
            o1, c1, o2, c2 = [torch.cumsum(a.to(torch.int64), dim=1) > 0 for a in at]
            for seg in (~o1, o1 & ~c1, c1 & ~o2, o2 & ~c2, c2):
                feats.append(self._max(v, seg & m))
            for a in (at[0], at[2]):  # the states at [E1] and [E2]
                feats.append((v * a.unsqueeze(-1).to(torch.float32)).sum(1))
        return self.head(self.drop(torch.cat(feats, dim=-1)))


class EnsembleClassifier(nn.Module):
    """A frozen bag of subwords (the first generation as committed at c["gen1"] = (commit, model), or the weights in
    c["gen1_weights"]) and a ConvClassifier trained on the same split, averaged as probabilities: softmax for a
    single-label task, sigmoid for a multi-label one. The output stays logits of the averaged probability (log p for
    softmax, log(p / (1 - p)) for sigmoid), so the runtime side (argmax, or sigmoid and thresholds) is unchanged. While training, forward returns
    the convolution's own logits: only it learns; selection scores the ensemble (eval mode)."""

    def __init__(self, c: dict, vocab: int, n_labels: int, marker_ids: list[int]):
        super().__init__()
        self.multilabel = c["multilabel"]
        self.bag = BagClassifier(dict(c, head=c["gen1_head"]), vocab, n_labels, marker_ids)  # c["buckets"]: the bag's
        # The frozen half: weights given in c["gen1_weights"] (trained just before, in the same recipe), or as committed.
        gen1 = c.get("gen1_weights") or committed_weights(*c["gen1"])
        with torch.no_grad():
            for name, p in self.bag.named_parameters():
                p.copy_(gen1[name])
                p.requires_grad_(False)
        self.conv = ConvClassifier(c, vocab, n_labels, marker_ids)
        self.pretrained = ["conv." + n for n in self.conv.pretrained]
        self.register_buffer("offset", torch.zeros(n_labels))  # tuned on held-out train after training

    def forward(self, input_ids, attention_mask):
        if self.training:
            return self.conv(input_ids, attention_mask)
        a, b = self.conv(input_ids, attention_mask), self.bag(input_ids, attention_mask)
        if self.multilabel:
            p = ((torch.sigmoid(a) + torch.sigmoid(b)) / 2).clamp(1e-6, 1 - 1e-6)
            return torch.log(p) - torch.log1p(-p) + self.offset
        p = (torch.softmax(a, dim=-1) + torch.softmax(b, dim=-1)) / 2
        return torch.log(p.clamp_min(1e-9)) + self.offset
