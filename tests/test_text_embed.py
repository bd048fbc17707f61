"""The embedding cache: vectors computed in another process are used as they are."""

from __future__ import annotations

import numpy as np
import pytest

import sourcetrace.text.embed as embed


def test_remembered_vectors_are_returned_without_the_encoder(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model() -> None:
        raise AssertionError("the encoder was loaded for a remembered text")

    monkeypatch.setattr(embed, "load_encoder", no_model)
    vectors = np.eye(2, 384, dtype=np.float64)
    embed.remember(["Council delays the vote. The council said", "A second lead"], vectors)
    got = embed.encode(["A second lead", "Council delays the vote. The council said"])
    assert got.dtype == np.float32
    assert np.array_equal(got, vectors[::-1].astype(np.float32))
