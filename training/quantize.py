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


LAYOUT = ("MatMulInteger with dynamically quantized activations (training/quantize.py to_matmul_integer); "
          "the vocabulary and MLP down projections stay DequantizeLinear -> MatMul")


def to_matmul_integer(src: Path, dst: Path, keep_wide: int | None = 4096, keep_narrowing: bool = True) -> dict:
    """Rewrite a `quantize_int8` file so that its int8 weights are computed on as int8 (no fp32 copy at run time):
    DequantizeLinear(W int8 [K, N], scale per column) -> MatMul(x, .) becomes, as onnxruntime's quantize_dynamic
    emits it, DynamicQuantizeLinear(x) -> MatMulInteger(x uint8, W int8, x zero point) -> Cast -> Mul by
    (x scale * W scale per column); ONNX Runtime fuses that into DynamicQuantizeMatMul (int8 QGEMM). A
    DequantizeLinear(table int8, scale per row) -> Gather becomes Gather(int8 rows) -> Cast -> Mul by the rows'
    scales. Two kinds of weight keep their DequantizeLinear, which the session rule folds to fp32 at load
    (bench/int8-wasm.md has the measurements): those with at least `keep_wide` columns (an LM's
    vocabulary projection: ONNX Runtime Web's int8 kernel is about 4x slower than fp32 there for one row) and,
    with `keep_narrowing`, those with more rows than columns (the MLP's down projection: its input, SwiGLU's
    product, is where one scale per tensor loses most; with it in int8 med-lm-2's greedy MedQuAD answers matched
    the recorded ones 0.675 of the time instead of 0.90, the same ROUGE-L). Initializer names are kept
    (`<weight>_int8`, `<weight>_scale`), so `lm2_model.load_int8_onnx` still reads the file. Weight zero points
    are 0 (symmetric) and are left out; nothing else in the graph changes."""
    model = onnx.load(str(src))
    graph = model.graph
    init = {i.name: i for i in graph.initializer}
    consumers: dict[str, list] = {}
    for node in graph.node:
        for inp in node.input:
            consumers.setdefault(inp, []).append(node)
    replace: dict[int, list] = {}  # id(node) -> the nodes that take its place
    drop: set[int] = set()
    new_inits = []
    stats = {"matmul_integer": 0, "gather_int8": 0, "dequantize_kept": 0}
    for dq in graph.node:
        if dq.op_type != "DequantizeLinear" or dq.input[0] not in init:
            continue
        if len(dq.input) == 3 and numpy_helper.to_array(init[dq.input[2]]).any():
            stats["dequantize_kept"] += 1
            continue
        axis = next((a.i for a in dq.attribute if a.name == "axis"), 1)
        shape = tuple(init[dq.input[0]].dims)
        users = consumers.get(dq.output[0], [])
        base = dq.output[0]
        wq, ws = dq.input[0], dq.input[1]
        if (len(shape) == 2 and axis == 1 and users and (keep_wide is None or shape[1] < keep_wide)
                and not (keep_narrowing and shape[0] > shape[1])
                and all(u.op_type == "MatMul" and u.input[1] == base for u in users)):
            for j, mm in enumerate(users):
                p = f"{base}_mmi{j}"
                replace[id(mm)] = [
                    helper.make_node("DynamicQuantizeLinear", [mm.input[0]], [p + "_xq", p + "_xs", p + "_xz"], name=p + "_dql"),
                    helper.make_node("MatMulInteger", [p + "_xq", wq, p + "_xz"], [p + "_acc"], name=p + "_mmi"),
                    helper.make_node("Cast", [p + "_acc"], [p + "_accf"], name=p + "_cast", to=onnx.TensorProto.FLOAT),
                    helper.make_node("Mul", [p + "_xs", ws], [p + "_s"], name=p + "_scales_mul"),
                    helper.make_node("Mul", [p + "_accf", p + "_s"], list(mm.output), name=p + "_out"),
                ]
            stats["matmul_integer"] += 1
        elif (len(shape) == 2 and axis == 0 and users
              and all(u.op_type == "Gather" and u.input[0] == base
                      and all(a.i == 0 for a in u.attribute if a.name == "axis") for u in users)):
            for j, g in enumerate(users):
                p = f"{base}_gq{j}"
                replace[id(g)] = [
                    helper.make_node("Gather", [wq, g.input[1]], [p + "_rows"], name=p + "_gather", axis=0),
                    helper.make_node("Cast", [p + "_rows"], [p + "_rowsf"], name=p + "_cast", to=onnx.TensorProto.FLOAT),
                    helper.make_node("Gather", [ws, g.input[1]], [p + "_s"], name=p + "_gather_scale", axis=0),
                    helper.make_node("Unsqueeze", [p + "_s", p + "_axes"], [p + "_s1"], name=p + "_unsqueeze"),
                    helper.make_node("Mul", [p + "_rowsf", p + "_s1"], list(g.output), name=p + "_out"),
                ]
                new_inits.append(numpy_helper.from_array(np.array([-1], dtype=np.int64), p + "_axes"))
            stats["gather_int8"] += 1
        else:
            stats["dequantize_kept"] += 1
            continue
        drop.add(id(dq))
    nodes = []
    for node in graph.node:
        if id(node) not in drop:
            nodes.extend(replace.get(id(node), [node]))
    del graph.node[:]
    graph.node.extend(nodes)
    used = {i for n in nodes for i in n.input}
    keep = [i for i in list(graph.initializer) + new_inits if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(keep)
    onnx.checker.check_model(model)
    onnx.save(model, str(dst))
    return stats


NEW_KV_PREFIX = "new."


def add_new_kv_outputs(model: onnx.ModelProto) -> int:
    """Adds `new.N.key` / `new.N.value`: the positions a step adds to the KV cache, i.e. the second input of the
    Concat that makes `present.N.*`. Bedside's decode loop fetches only these and keeps the cache in its own
    buffers, because ONNX Runtime Web copies every fetched output into a fresh typed array, which for `present.*` is
    the whole cache every step (the browser's main loss, README #12). `present.*` stay for Transformers.js.
    Idempotent; returns how many outputs were added."""
    graph = model.graph
    producer = {out: node for node in graph.node for out in node.output}
    names = {o.name for o in graph.output}
    added = 0
    for output in list(graph.output):
        if not output.name.startswith("present."):
            continue
        new_name = NEW_KV_PREFIX + output.name[len("present."):]
        if new_name in names:
            continue
        node = producer[output.name]
        axis = next((onnx.helper.get_attribute_value(a) for a in node.attribute if a.name == "axis"), None)
        if node.op_type != "Concat" or len(node.input) != 2 or axis != 2:
            raise ValueError(f"{output.name} is not Concat(past, new) on axis 2")
        graph.node.append(onnx.helper.make_node("Identity", [node.input[1]], [new_name], name=f"/{new_name}/Identity"))
        dims = [d.dim_param or d.dim_value for d in output.type.tensor_type.shape.dim]
        dims[2] = "new_sequence_length"
        graph.output.append(onnx.helper.make_tensor_value_info(new_name, output.type.tensor_type.elem_type, dims))
        added += 1
    return added


LOGITS_TO_KEEP = "num_logits_to_keep"
FINAL_NORM = "/lm/model/norm/Mul_1"  # the LMs' final RMSNorm (train_lm.ExportWrapper -> CausalLM.model.norm)


def add_logits_to_keep(model: onnx.ModelProto) -> bool:
    """Adds the int64 scalar input `num_logits_to_keep` (Transformers.js's convention: 0 = every position, k = the
    last k) and slices the final hidden states before the vocabulary projection accordingly. A prompt then returns
    one row of logits instead of one per prompt token: less work, and above all a small output, because ONNX Runtime
    Web copies every output into a fresh typed array, which in Chromium costs about 5-20x Node per byte (README
    #12; the prefill's [1, tokens, 8192] logits were most of the browser's time to first token). Idempotent."""
    graph = model.graph
    if any(i.name == LOGITS_TO_KEEP for i in graph.input):
        return False
    # The final norm's output feeds only the vocabulary projection (MatMul, or the MatMulInteger chain's
    # DynamicQuantizeLinear): slicing it there spares the projection for the positions not kept.
    norm = next((n for n in graph.node if n.name == FINAL_NORM), None)
    if norm is None:
        raise ValueError(f"no {FINAL_NORM} node: not the layout of training/export_lm.py")
    h, p = norm.output[0], "/logits_to_keep/"
    c = lambda name, v: numpy_helper.from_array(np.array(v, dtype=np.int64), p + name)
    graph.initializer.extend([c("one", 1), c("zero", 0), c("first", [0]), c("axes", [1]), c("end", [np.iinfo(np.int64).max])])
    mk = onnx.helper.make_node
    nodes = [
        mk("Shape", [h], [p + "shape"], name=p + "Shape"),
        mk("Gather", [p + "shape", p + "one"], [p + "length"], name=p + "Gather", axis=0),
        mk("Sub", [p + "length", LOGITS_TO_KEEP], [p + "from_end"], name=p + "Sub"),
        mk("Max", [p + "from_end", p + "zero"], [p + "clamped"], name=p + "Max"),
        mk("Greater", [LOGITS_TO_KEEP, p + "zero"], [p + "keeps_some"], name=p + "Greater"),
        mk("Where", [p + "keeps_some", p + "clamped", p + "zero"], [p + "start"], name=p + "Where"),
        mk("Unsqueeze", [p + "start", p + "first"], [p + "starts"], name=p + "Unsqueeze"),
        mk("Slice", [h, p + "starts", p + "end", p + "axes"], [p + "hidden"], name=p + "Slice"),
    ]
    for node in graph.node:
        for i, name in enumerate(node.input):
            if name == h:
                node.input[i] = p + "hidden"
    at = list(graph.node).index(norm) + 1
    for k, node in enumerate(nodes):
        graph.node.insert(at + k, node)
    graph.input.append(onnx.helper.make_tensor_value_info(LOGITS_TO_KEEP, onnx.TensorProto.INT64, []))
    out = next(o for o in graph.output if o.name == "logits")
    out.type.tensor_type.shape.dim[1].ClearField("dim_value")
    out.type.tensor_type.shape.dim[1].dim_param = "logits_length"
    return True


def add_decode_io_to_file(path: Path) -> dict:
    """What Bedside's decode loop reads from an LM file: `new.*` outputs and the `num_logits_to_keep` input.
    Returns whether each was added (False: it was there already)."""
    model = onnx.load(str(path))
    added = {"new_kv_outputs": add_new_kv_outputs(model) > 0, "num_logits_to_keep": add_logits_to_keep(model)}
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return added


def convert_folder(folder: Path) -> dict:
    """Rewrites a committed LM folder's onnx/model_quantized.onnx with `to_matmul_integer` and its MANIFEST.json
    entry (bytes, sha256, `sizes`); no retraining, the weights and scales are the same numbers."""
    import json

    from common import sha256, write_json

    onnx_file = folder / "onnx" / "model_quantized.onnx"
    stats = to_matmul_integer(onnx_file, onnx_file)
    path = folder / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for f in manifest["files"]:
        if f["path"] == "onnx/model_quantized.onnx":
            f["bytes"], f["sha256"] = onnx_file.stat().st_size, sha256(onnx_file)
    manifest.setdefault("sizes", {}).update({"int8_bytes": onnx_file.stat().st_size, "int8_layout": LAYOUT,
                                             "int8_layout_stats": stats})
    write_json(path, manifest)
    return stats


def add_decode_io_to_folder(folder: Path) -> dict:
    """`add_decode_io_to_file` on a committed LM folder, with its MANIFEST.json entry (bytes, sha256)."""
    import json

    from common import sha256, write_json

    onnx_file = folder / "onnx" / "model_quantized.onnx"
    added = add_decode_io_to_file(onnx_file)
    path = folder / "MANIFEST.json"
    manifest = json.loads(path.read_text(encoding="utf-8"))
    for f in manifest["files"]:
        if f["path"] == "onnx/model_quantized.onnx":
            f["bytes"], f["sha256"] = onnx_file.stat().st_size, sha256(onnx_file)
    manifest.setdefault("sizes", {}).update({"int8_bytes": onnx_file.stat().st_size, "new_kv_outputs": True,
                                             "num_logits_to_keep": True})
    write_json(path, manifest)
    return added


if __name__ == "__main__":
    import sys

    # kv-outputs (the command's first name) adds both the new.* outputs and num_logits_to_keep; both idempotent.
    commands = {"matmul-integer": convert_folder, "kv-outputs": add_decode_io_to_folder}
    if len(sys.argv) < 3 or sys.argv[1] not in commands:
        sys.exit("usage: python3 training/quantize.py matmul-integer|kv-outputs MODEL_FOLDER [MODEL_FOLDER ...]")
    for arg in sys.argv[2:]:
        print(arg, commands[sys.argv[1]](Path(arg)))
