"""Builds one-node ONNX models for `node bench/matmulnbits.mjs`: y = x @ W for a weight W stored as fp32 (MatMul),
8-bit and 4-bit blocks (com.microsoft MatMulNBits, block 32, as ONNX Runtime's fusion and q4 exports make them),
4-bit blocks with accuracy_level 4 (int8 activations), and int8 per column with dynamically quantized activations
(DynamicQuantizeLinear -> MatMulInteger -> Cast -> Mul, what onnxruntime's quantize_dynamic emits).
Shapes: Bedside's LM projection (256 x 704) and a Qwen2.5-0.5B MLP projection (896 x 4864). Random weights: only
the kernel's speed is measured. Usage: python3 bench/make_matmul_models.py OUT_DIR"""
import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

SHAPES = {"lm256x704": (256, 704), "qwen896x4864": (896, 4864)}
BLOCK = 32
VARIANTS = (("fp32", None, 0), ("int8", 8, 0), ("q4", 4, 0), ("q4a4", 4, 4), ("dyn8", "dyn8", 0))


def dynamic_int8(name: str, w: np.ndarray, x, y) -> onnx.ModelProto:
    """int8 W per output column (symmetric), activations quantized per call to uint8 (one scale per tensor)."""
    k, n = w.shape
    scale = (np.abs(w).max(axis=0) / 127.0).astype(np.float32)
    q = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
        helper.make_node("MatMulInteger", ["xq", "wq", "xz"], ["acc"]),
        helper.make_node("Cast", ["acc"], ["accf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["xs", "ws"], ["s"]),
        helper.make_node("Mul", ["accf", "s"], ["y"]),
    ]
    inits = [numpy_helper.from_array(q, "wq"), numpy_helper.from_array(scale, "ws")]
    graph = helper.make_graph(nodes, name, [x], [y], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8)


def model(name: str, k: int, n: int, bits: int | None, accuracy_level: int = 0) -> onnx.ModelProto:
    rng = np.random.default_rng(0)
    w = rng.standard_normal((k, n)).astype(np.float32) * 0.02
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["m", k])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["m", n])
    if bits == "dyn8":
        return dynamic_int8(name, w, x, y)
    if bits is None:
        node = helper.make_node("MatMul", ["x", "w"], ["y"])
        inits = [numpy_helper.from_array(w, "w")]
        opset = [helper.make_opsetid("", 17)]
    else:
        blocks = k // BLOCK
        wt = w.T.reshape(n, blocks, BLOCK)  # MatMulNBits stores W transposed, in blocks along K
        scale = np.abs(wt).max(axis=2) / (2 ** (bits - 1) - 1)
        zero = 2 ** (bits - 1)
        q = np.clip(np.round(wt / scale[:, :, None]) + zero, 0, 2 ** bits - 1).astype(np.uint8)
        if bits == 4:
            q = (q[:, :, 0::2] | (q[:, :, 1::2] << 4)).astype(np.uint8)
        node = helper.make_node("MatMulNBits", ["x", "b", "scales"], ["y"], domain="com.microsoft", K=k, N=n, bits=bits, block_size=BLOCK,
                                **({"accuracy_level": accuracy_level} if accuracy_level else {}))
        inits = [numpy_helper.from_array(q, "b"), numpy_helper.from_array(scale.astype(np.float32).reshape(-1), "scales")]
        opset = [helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)]
    graph = helper.make_graph([node], name, [x], [y], inits)
    return helper.make_model(graph, opset_imports=opset, ir_version=8)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    for shape, (k, n) in SHAPES.items():
        for label, bits, level in VARIANTS:
            onnx.save(model(f"{shape}_{label}", k, n, bits, level), out / f"{shape}_{label}.onnx")
    print(f"wrote {len(SHAPES) * len(VARIANTS)} models to {out}")
