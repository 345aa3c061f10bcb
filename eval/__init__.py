"""Offline evaluation harness: datasets, metrics, reports, configurations side by side.

>>> from eval import load_dataset, evaluate_system, System        # doctest: +SKIP
"""

from .dataset import DatasetError, Question, load_dataset
from .metrics import METRIC_NAMES, Outcome, summarize
from .runner import Evaluation, System, evaluate_system

__all__ = [
    "DatasetError",
    "Question",
    "load_dataset",
    "METRIC_NAMES",
    "Outcome",
    "summarize",
    "Evaluation",
    "System",
    "evaluate_system",
]
