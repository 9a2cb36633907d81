"""Reference implementations the calibration arithmetic is checked against: Krippendorff's
alpha from the ``krippendorff`` package and Gwet's AC1 from ``irrCAC``."""

from __future__ import annotations

import krippendorff
import numpy as np
import pandas as pd
from irrCAC.raw import CAC

Table = list[list[int | None]]


def reference_alpha(table: Table, q: int) -> float:
    """krippendorff's alpha, raters as rows and criteria as columns."""
    raters = max(len(row) for row in table)
    data = np.array([[row[r] if r < len(row) and row[r] is not None else np.nan
                      for row in table] for r in range(raters)], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="ordinal",
                                    value_domain=list(range(q))))


def reference_ac1(table: Table, q: int) -> float:
    """irrCAC's AC1, criteria as subjects (rows) and members as raters (columns)."""
    frame = pd.DataFrame([[np.nan if p is None else float(p) for p in row] for row in table])
    with np.errstate(all="ignore"):
        cac = CAC(frame, categories=[float(k) for k in range(q)], digits=12)
        return float(cac.gwet()["est"]["coefficient_value"])
