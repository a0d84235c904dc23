"""thinc's ``NumpyOps`` with its matrix product through ``numpy.matmul`` (numpy's OpenBLAS).

Imported only when the spaCy model loads (:mod:`dateline.analyze.nlp`), since it imports
thinc. A module-level class, so a pipeline that holds it can be pickled (spaCy's
``n_process``).
"""

from __future__ import annotations

from typing import Any

import numpy
from thinc.api import NumpyOps


class BlasOps(NumpyOps):  # type: ignore[misc]
    """The same layers, their ``gemm`` by OpenBLAS instead of thinc's BLIS (about 3x faster
    on this project's machine for the model's float32 matrices)."""

    name = "numpy"

    def gemm(self, x: Any, y: Any, out: Any = None, trans1: bool = False,
             trans2: bool = False) -> Any:
        a = x.T if trans1 else x
        b = y.T if trans2 else y
        if out is None:
            return numpy.matmul(a, b)
        numpy.matmul(a, b, out=out)
        return out
