#!/usr/bin/env bash
# Debian packages the training recipe needs. OpenBLAS replaces Debian's reference BLAS (through
# update-alternatives), which makes torch's matrix products about 25x faster on this machine.
set -euo pipefail
pkgs=(python3-torch python3-onnx python3-numpy libopenblas0-pthread)
missing=()
for p in "${pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
/usr/bin/python3 -c "import torch, onnx, numpy; print('training deps ok: torch', torch.__version__, 'onnx', onnx.__version__)"
