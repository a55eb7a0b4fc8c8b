"""Int8 layouts of one Bedside LM for `node bench/int8wasm.mjs`, all from the same int8 weights and scales:
  dq.onnx        DequantizeLinear -> MatMul everywhere (training/quantize.py quantize_int8, the layout before)
  mmi_all.onnx   every MatMul as DynamicQuantizeLinear -> MatMulInteger (quantize_dynamic's form)
  mmi_head.onnx  the same, but the vocabulary projection keeps DequantizeLinear
  (the committed file: the vocabulary and MLP down projections keep DequantizeLinear)
and TINY_FILE, a one-node model that starts ONNX Runtime before a heap is measured.
Usage: python3 bench/make_int8_variants.py DQ_FILE OUT_DIR TINY_FILE"""
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))
from quantize import to_matmul_integer  # noqa: E402
import onnx  # noqa: E402
from onnx import TensorProto, helper  # noqa: E402

if __name__ == "__main__":
    src, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, out / "dq.onnx")
    print("mmi_all", to_matmul_integer(src, out / "mmi_all.onnx", keep_wide=None, keep_narrowing=False))
    print("mmi_head", to_matmul_integer(src, out / "mmi_head.onnx", keep_narrowing=False))
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])
    graph = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "tiny", [x], [y])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), sys.argv[3])
