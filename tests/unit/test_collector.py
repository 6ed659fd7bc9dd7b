"""The cycle collector paused for an import's many objects runs again after it, whatever
happens in the block."""

from __future__ import annotations

import gc

import pytest

from driehoek.collector import collector_paused


def test_the_collector_is_paused_in_the_block_and_runs_after_it_even_after_a_failure() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():  # a block inside another leaves it to the outer one
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("the disk is full")
    assert gc.isenabled()


def test_a_collector_switched_off_before_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
