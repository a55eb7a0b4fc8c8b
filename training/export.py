"""ONNX export shared by the models: fp32 export, then int8 weight-only quantization beside it."""
from pathlib import Path

import torch

from quantize import LAYOUT, add_decode_io_to_file, quantize_int8, to_matmul_integer

OPSET = 14


def export_onnx(module: torch.nn.Module, args: tuple, folder: Path, input_names: list[str],
                output_names: list[str], dynamic_axes: dict, matmul_integer: bool = False) -> dict:
    """`matmul_integer` (the LMs): int8 weights computed on as int8 with dynamically quantized activations
    (quantize.to_matmul_integer), so ONNX Runtime Web keeps them int8 in memory."""
    onnx_dir = folder / "onnx"
    onnx_dir.mkdir(parents=True, exist_ok=True)
    fp32, int8 = onnx_dir / "model.onnx", onnx_dir / "model_quantized.onnx"
    module.eval()
    with torch.no_grad():
        torch.onnx.export(module, args, str(fp32), input_names=input_names, output_names=output_names,
                          dynamic_axes=dynamic_axes, opset_version=OPSET, do_constant_folding=True)
    stats = quantize_int8(fp32, int8)
    if matmul_integer:
        stats["int8_layout"] = LAYOUT
        stats["int8_layout_stats"] = to_matmul_integer(int8, int8)
        stats.update(add_decode_io_to_file(int8))
    return {"fp32_bytes": fp32.stat().st_size, "int8_bytes": int8.stat().st_size, **stats}


def load_int8_as_torch_weights(module: torch.nn.Module) -> torch.nn.Module:
    """Simulate the int8 model in torch (same per-channel rounding) to measure the metric drop from fp32."""
    import copy

    q = copy.deepcopy(module)
    with torch.no_grad():
        for name, p in q.named_parameters():
            if p.dim() in (2, 3) and p.numel() >= 4096:
                # nn.Linear stores [out, in]; exported MatMul uses [in, out] with per-column scale = per-row here.
                axis = 1 if p.dim() == 3 else 0
                reduce = tuple(i for i in range(p.dim()) if i != axis)
                scale = p.abs().amax(dim=reduce, keepdim=True).clamp_min(1e-8) / 127.0
                p.copy_(torch.round(p / scale).clamp(-127, 127) * scale)
    return q
