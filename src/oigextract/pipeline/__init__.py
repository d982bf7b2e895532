"""The rule pipeline: one spaCy component per file, each a thin shell over pure functions.

Importing this package registers every ``oig_*`` factory; ``load_pipeline`` builds the default
pipeline on ``spacy.blank("en")`` (no statistical model, no download).
"""

from __future__ import annotations

from .build import PIPE_NAMES, load_pipeline

__all__ = ["PIPE_NAMES", "load_pipeline"]
