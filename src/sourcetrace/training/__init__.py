"""Training the models the stages run: kept apart so no stage imports what builds its weights.

It may import the stages and the evaluation; ``evaluation`` and the stages never import it.
"""

from __future__ import annotations

from sourcetrace.training.tagger import train_tagger

__all__ = ["train_tagger"]
