"""Weight-only int8 quantization with the `onnx` package: float weights become int8 + per-channel scale,
restored at run time by DequantizeLinear (opset 13+), which ONNX Runtime Web and Node both run.

Activations stay float, so accuracy loss is small and no calibration data is needed.
"""
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper


def _axis_for(name: str, consumers: list[onnx.NodeProto], ndim: int) -> int:
    """Scale per output channel: columns for MatMul's B input, rows otherwise (Gather tables, Gemm transB, LSTM)."""
    if ndim == 2 and consumers and all(n.op_type == "MatMul" and n.input[1] == name for n in consumers):
        return 1
    return 1 if ndim == 3 else 0


def quantize_int8(src: Path, dst: Path, min_elements: int = 4096) -> dict:
    model = onnx.load(str(src))
    graph = model.graph
    consumers: dict[str, list] = {}
    for node in graph.node:
        for inp in node.input:
            consumers.setdefault(inp, []).append(node)
    new_inits, new_nodes, stats = [], [], {"quantized": 0, "kept": 0}
    for init in graph.initializer:
        w = numpy_helper.to_array(init)
        if w.dtype != np.float32 or w.size < min_elements or w.ndim not in (2, 3):
            new_inits.append(init)
            stats["kept"] += 1
            continue
        axis = _axis_for(init.name, consumers.get(init.name, []), w.ndim)
        reduce_axes = tuple(i for i in range(w.ndim) if i != axis)
        scale = np.abs(w).max(axis=reduce_axes) / 127.0
        scale = np.where(scale == 0, 1e-8, scale).astype(np.float32)
        shape = [1] * w.ndim
        shape[axis] = -1
        q = np.clip(np.round(w / scale.reshape(shape)), -127, 127).astype(np.int8)
        qname, sname, zname = init.name + "_int8", init.name + "_scale", init.name + "_zero"
        new_inits += [numpy_helper.from_array(q, qname), numpy_helper.from_array(scale, sname),
                      numpy_helper.from_array(np.zeros_like(scale, dtype=np.int8), zname)]
        new_nodes.append(helper.make_node("DequantizeLinear", [qname, sname, zname], [init.name],
                                          name=init.name + "_dequant", axis=axis))
        stats["quantized"] += 1
    del graph.initializer[:]
    graph.initializer.extend(new_inits)
    nodes = new_nodes + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)
    # Inputs that were initializers (older exporters list them as graph inputs too) must not shadow the new nodes.
    quantized = {n.output[0] for n in new_nodes}
    keep_inputs = [i for i in graph.input if i.name not in quantized]
    del graph.input[:]
    graph.input.extend(keep_inputs)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return stats
