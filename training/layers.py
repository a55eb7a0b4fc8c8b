"""Small Llama-style transformer blocks, written so one forward both trains and exports to ONNX with a KV cache.

Shapes stay symbolic during tracing (sizes come from tensors, never Python ints), so the exported graph accepts
any batch, sequence and past length, including the empty past of the first generation step.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


class RMSNorm(nn.Module):
    def __init__(self, dim: int, eps: float = 1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight


def rope(position_ids, head_dim: int, theta: float = 10000.0):
    """cos/sin tables [B, 1, T, head_dim] computed in-graph from position_ids (Llama's rotate_half layout)."""
    inv = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
    freqs = position_ids.to(torch.float32).unsqueeze(-1) * inv
    emb = torch.cat([freqs, freqs], dim=-1).unsqueeze(1)
    return emb.cos(), emb.sin()


def rotate(x, cos, sin):
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    return x * cos + torch.cat([-x2, x1], dim=-1) * sin


class Attention(nn.Module):
    def __init__(self, dim: int, heads: int, kv_heads: int):
        super().__init__()
        self.heads, self.kv_heads, self.head_dim = heads, kv_heads, dim // heads
        self.q_proj = nn.Linear(dim, heads * self.head_dim, bias=False)
        self.k_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.v_proj = nn.Linear(dim, kv_heads * self.head_dim, bias=False)
        self.o_proj = nn.Linear(heads * self.head_dim, dim, bias=False)

    def forward(self, x, cos, sin, mask, past=None):
        b, t, _ = x.shape
        q = self.q_proj(x).view(b, t, self.heads, self.head_dim).transpose(1, 2)
        k = self.k_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        v = self.v_proj(x).view(b, t, self.kv_heads, self.head_dim).transpose(1, 2)
        q, k = rotate(q, cos, sin), rotate(k, cos, sin)
        if past is not None:
            k = torch.cat([past[0], k], dim=2)
            v = torch.cat([past[1], v], dim=2)
        present = (k, v)
        if self.kv_heads != self.heads:
            rep = self.heads // self.kv_heads
            k = k.repeat_interleave(rep, dim=1)
            v = v.repeat_interleave(rep, dim=1)
        scores = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(self.head_dim)
        scores = scores.masked_fill(~mask, -1e4)
        out = torch.matmul(F.softmax(scores, dim=-1), v)
        out = out.transpose(1, 2).reshape(b, t, self.heads * self.head_dim)
        return self.o_proj(out), present


class MLP(nn.Module):
    def __init__(self, dim: int, hidden: int):
        super().__init__()
        self.gate_proj = nn.Linear(dim, hidden, bias=False)
        self.up_proj = nn.Linear(dim, hidden, bias=False)
        self.down_proj = nn.Linear(hidden, dim, bias=False)

    def forward(self, x):
        return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))


class Block(nn.Module):
    def __init__(self, dim: int, heads: int, kv_heads: int, hidden: int, dropout: float = 0.0):
        super().__init__()
        self.input_layernorm = RMSNorm(dim)
        self.self_attn = Attention(dim, heads, kv_heads)
        self.post_attention_layernorm = RMSNorm(dim)
        self.mlp = MLP(dim, hidden)
        self.drop = nn.Dropout(dropout)

    def forward(self, x, cos, sin, mask, past=None):
        h, present = self.self_attn(self.input_layernorm(x), cos, sin, mask, past)
        x = x + self.drop(h)
        x = x + self.drop(self.mlp(self.post_attention_layernorm(x)))
        return x, present


def attention_mask_4d(attention_mask, q_len_ref, causal: bool):
    """Boolean [B, 1, Tq, Tk] mask: padding from attention_mask, plus causality when asked.

    Query i sits at absolute index (Tk - Tq + i), so a past cache of any length (also 0) lines up.
    """
    keep = attention_mask.to(torch.bool)[:, None, None, :]
    if not causal:
        return keep
    tk = attention_mask.shape[1]
    tq = q_len_ref.shape[1]
    k_idx = torch.arange(tk).unsqueeze(0)
    q_idx = (torch.arange(tq) + (tk - tq)).unsqueeze(1)
    return keep & (k_idx <= q_idx)[None, None, :, :]


class Transformer(nn.Module):
    """Llama-style stack: token embeddings, pre-norm blocks with RoPE, final RMSNorm."""

    def __init__(self, vocab: int, dim: int, layers: int, heads: int, kv_heads: int, hidden: int,
                 causal: bool, dropout: float = 0.0):
        super().__init__()
        self.causal = causal
        self.head_dim = dim // heads
        self.embed_tokens = nn.Embedding(vocab, dim)
        self.layers = nn.ModuleList(Block(dim, heads, kv_heads, hidden, dropout) for _ in range(layers))
        self.norm = RMSNorm(dim)
        self.drop = nn.Dropout(dropout)

    def forward(self, input_ids, attention_mask, position_ids, past=None):
        x = self.drop(self.embed_tokens(input_ids))
        cos, sin = rope(position_ids, self.head_dim)
        mask = attention_mask_4d(attention_mask, input_ids, self.causal)
        presents = []
        for i, layer in enumerate(self.layers):
            x, present = layer(x, cos, sin, mask, None if past is None else past[i])
            presents.append(present)
        return self.norm(x), presents
