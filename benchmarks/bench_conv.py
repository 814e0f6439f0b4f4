"""The convolution cases of ``benchmarks/engine.py``: bpsim against PyTorch CPU on the same
conv network (same layers, same initial weights, float64, plain SGD, same batches).

- the ``convolution-digits`` lesson's network on the 1797 digits as [1, 8, 8], batch 32;
- a 1x28x28 input (2048 random images, MNIST's size) with 8 filters of 5x5, a 2x2 max-pool
  and a dense softmax layer of 10, batch 32.

Times are per epoch (every step of the epoch, with bpsim's per-epoch bookkeeping), without
the passes over the whole data that a bpsim run makes once (the divergence guard's reference
loss at the start, the summary at the end): the peers have none.
"""

from __future__ import annotations

import numpy as np

from bpsim.data import generate
from bpsim.engine.build import network_from_spec
from bpsim.engine.trainer import Trainer
from bpsim.gallery import resolve
from bpsim.spec import (
    InitSpec,
    LayerSpec,
    NetworkSpec,
    TrainingSpec,
    conv_layer,
    input_layer,
    pool_layer,
)


def conv_cases(quick: bool) -> list[tuple[str, NetworkSpec, np.ndarray, np.ndarray, int]]:
    """(name, spec, X, T, epochs) of each case."""
    from bpsim.fileformat import load

    digits = generate("digits")
    Xd = (digits.X - digits.X.mean(0)) / (digits.X.std(0) + 1e-9)
    lesson = load(resolve("convolution-digits"))
    rng = np.random.default_rng(0)
    X28 = rng.normal(size=(2048, 784))
    T28 = np.eye(10)[rng.integers(0, 10, 2048)]
    inp = input_layer((1, 28, 28))
    conv = conv_layer(inp, 8, (5, 5), activation="relu")
    mnist = NetworkSpec(layers=(inp, conv, pool_layer(conv, 2),
                                LayerSpec(size=10, activation="softmax")),
                        loss="cross_entropy", init=InitSpec("he_normal", seed=0))
    e = 1 if quick else 3
    return [("convolution-digits [1,8,8] conv 8x3x3 + pool + dense 10, batch 32", lesson, Xd,
             digits.T, 2 * e),
            ("1x28x28, conv 8x5x5 + pool 2x2 + dense 10, batch 32", mnist, X28, T28, e)]


def run_bpsim(spec: NetworkSpec, X, T, batch, epochs, eta):
    net = network_from_spec(spec)
    trainer = Trainer(net, X, T, TrainingSpec(learning_rate=eta, batch_size=batch,
                                              epochs=epochs))
    trainer.loss_limit  # noqa: B018 - the guard's one pass over the data, before the clock

    def train():
        for _ in range(epochs):
            trainer.run_epoch()
    return train


def torch_model(spec: NetworkSpec):
    """The spec's layers as a torch.nn.Sequential (float64) with the spec's initial weights."""
    import torch

    from bpsim.engine.build import initialized

    spec = initialized(spec)
    acts = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid,
            "linear": torch.nn.Identity}
    mods = [torch.nn.Unflatten(1, spec.layers[0].shape)]
    for prev, layer in zip(spec.layers[:-1], spec.layers[1:]):
        two_d = len(prev.out_shape) == 3
        if layer.kind == "conv":
            cls = torch.nn.Conv2d if two_d else torch.nn.Conv1d
            mod = cls(prev.out_shape[0], layer.filters, layer.kernel, layer.stride,
                      layer.padding, dtype=torch.float64)
        elif layer.kind == "max_pool":
            mods.append((torch.nn.MaxPool2d if two_d else torch.nn.MaxPool1d)(layer.pool))
            continue
        else:
            if prev.kind != "dense":
                mods.append(torch.nn.Flatten())
            mod = torch.nn.Linear(prev.size, layer.size, dtype=torch.float64)
        with torch.no_grad():
            mod.weight.copy_(torch.from_numpy(np.array(layer.weights)))
            mod.bias.copy_(torch.from_numpy(np.array(layer.biases)))
        mods.append(mod)
        if layer.activation != "softmax":  # fused into the cross-entropy loss
            mods.append(acts[layer.activation]())
    return torch.nn.Sequential(*mods)


def run_torch(spec: NetworkSpec, X, T, batch, epochs, eta):
    import torch

    model = torch_model(spec)
    opt = torch.optim.SGD(model.parameters(), lr=eta)
    Xt, y = torch.from_numpy(X), torch.from_numpy(T.argmax(axis=1))
    lossf = torch.nn.CrossEntropyLoss()

    def train():
        for _ in range(epochs):
            for s in range(0, len(X), batch):
                opt.zero_grad(set_to_none=True)
                lossf(model(Xt[s:s + batch]), y[s:s + batch]).backward()
                opt.step()
    return train
