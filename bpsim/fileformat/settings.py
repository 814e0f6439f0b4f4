"""The ``training``, ``initialization`` and ``pretraining`` objects: hyperparameters with
their ranges."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bpsim.fileformat.errors import MAX_EPOCHS, MAX_LEARNING_RATE, MAX_SEED
from bpsim.fileformat.nodes import Node, boolean, choice, describe, integer, number
from bpsim.spec import (
    DTYPES,
    INITIALIZERS,
    ORDERS,
    SCHEDULES,
    InitSpec,
    PretrainSpec,
    ScheduleSpec,
    TrainingSpec,
)

MAX_RATE_FACTOR = 1e6

TRAINING_KEYS = (
    "learning_rate",
    "momentum",
    "batch_size",
    "order",
    "epochs",
    "stop_after_epochs",
    "validation_split",
    "seed",
    "weight_decay",
    "schedule",
    "error_floor",
    "dtype",
)
SCHEDULE_KEYS = ("kind", "factor", "every", "k")
INIT_KEYS = ("kind", "scale", "seed")
PRETRAIN_KEYS = ("epochs", "learning_rate", "noise", "tied")

_TRAINING_READERS: dict[str, Callable[[Node], Any]] = {
    "learning_rate": lambda n: number(n, 0.0, MAX_LEARNING_RATE, lo_open=True),
    "momentum": lambda n: number(n, 0.0, 1.0, hi_open=True),
    "batch_size": lambda n: integer(n, 1, MAX_EPOCHS),
    "order": lambda n: choice(n, ORDERS, "order"),
    "epochs": lambda n: integer(n, 0, MAX_EPOCHS),
    "stop_after_epochs": boolean,
    "validation_split": lambda n: number(n, 0.0, 0.9),
    "seed": lambda n: integer(n, 0, MAX_SEED),
    "weight_decay": lambda n: number(n, 0.0, MAX_RATE_FACTOR),
    "error_floor": lambda n: number(n, 0.0, 1.0),
    "dtype": lambda n: choice(n, DTYPES, "dtype"),
}


def read_schedule(node: Node) -> ScheduleSpec:
    """``training.schedule``: kind, factor in (0, 1], every >= 1 epochs, k >= 0."""
    members = node.obj((), SCHEDULE_KEYS)
    values: dict[str, Any] = {}
    if "kind" in members:
        values["kind"] = choice(members["kind"], SCHEDULES, "schedule")
    if "factor" in members:
        values["factor"] = number(members["factor"], 0.0, 1.0, lo_open=True)
    if "every" in members:
        values["every"] = integer(members["every"], 1, MAX_EPOCHS)
    if "k" in members:
        values["k"] = number(members["k"], 0.0, MAX_RATE_FACTOR)
    return ScheduleSpec(**values)


def read_training(node: Node | None) -> TrainingSpec:
    """``training``: every key optional, defaults from :class:`bpsim.spec.TrainingSpec`."""
    if node is None:
        return TrainingSpec()
    members = node.obj((), TRAINING_KEYS)
    values: dict[str, Any] = {}
    for key, member in members.items():
        if key == "schedule":
            values[key] = read_schedule(member)
        else:
            values[key] = _TRAINING_READERS[key](member)
    return TrainingSpec(**values)


def read_init(node: Node | None) -> InitSpec:
    """``initialization``: how missing weights are drawn (see :class:`bpsim.spec.InitSpec`)."""
    if node is None:
        return InitSpec()
    members = node.obj((), INIT_KEYS)
    values: dict[str, Any] = {}
    if "kind" in members:
        values["kind"] = choice(members["kind"], INITIALIZERS, "initialization")
    if "scale" in members:
        values["scale"] = number(members["scale"], 0.0, MAX_RATE_FACTOR, lo_open=True)
    seed = members.get("seed")
    if seed is not None and seed.value is not None:
        values["seed"] = integer(seed, 0, MAX_SEED)
    return InitSpec(**values)


def boolean(node: Node) -> bool:
    """``true`` or ``false`` (not 0, 1 or a string)."""
    if not isinstance(node.value, bool):
        node.fail(f"expected true or false, got {describe(node.value)}")
    return node.value


def read_pretraining(node: Node | None) -> PretrainSpec:
    """``pretraining``: epochs per hidden layer (0 = off), learning rate (null: the training
    one), masking noise in [0, 1), tied decoder weights (see :class:`bpsim.spec.PretrainSpec`)."""
    if node is None or node.value is None:
        return PretrainSpec()
    members = node.obj((), PRETRAIN_KEYS)
    values: dict[str, Any] = {}
    if "epochs" in members:
        values["epochs"] = integer(members["epochs"], 0, MAX_EPOCHS)
    rate = members.get("learning_rate")
    if rate is not None and rate.value is not None:
        values["learning_rate"] = number(rate, 0.0, MAX_LEARNING_RATE, lo_open=True)
    if "noise" in members:
        values["noise"] = number(members["noise"], 0.0, 1.0, hi_open=True)
    if "tied" in members:
        values["tied"] = boolean(members["tied"])
    return PretrainSpec(**values)
