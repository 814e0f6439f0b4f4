"""One example walked through the algorithm: the data of ``bpsim step`` and the Step mode.

For an example (x, t) the trace records, in the seed's order: every unit's net input z and
output o, the error t - o and the loss, every delta, every weight and bias change
dw_pq = eta delta_q o_p (+ alpha dw_prev with momentum; - eta lambda w with weight decay) and the
new weights w_new = w_old + dw. It is computed by the same engine code as training, so applying
it gives exactly the weights of one online training step. Dropout is off in a trace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from bpsim.engine import losses
from bpsim.engine.network import Network
from bpsim.engine.optimizers import SGD


def _ro(a: np.ndarray) -> np.ndarray:
    a = np.array(a, dtype=np.float64, copy=True)
    a.setflags(write=False)
    return a


@dataclass(frozen=True, slots=True, eq=False)
class Trace:
    """All numbers of one online step. Per non-input layer l (index l-1 in the tuples):
    ``z[l-1]``, ``delta[l-1]`` (units,), ``dW[l-1]``, ``W_old``, ``W_new`` (units, inputs),
    ``db``, ``b_old``, ``b_new`` (units,). ``o`` has one entry per layer, o[0] = x. For a conv
    layer the weights' arrays are F x C x kernel and the biases' (F,); a max_pool layer's are
    empty; ``layers`` are the network's layer geometries."""

    x: np.ndarray
    t: np.ndarray
    z: tuple[np.ndarray, ...]
    o: tuple[np.ndarray, ...]
    error: np.ndarray
    loss: float
    delta: tuple[np.ndarray, ...]
    dW: tuple[np.ndarray, ...]
    db: tuple[np.ndarray, ...]
    W_old: tuple[np.ndarray, ...]
    b_old: tuple[np.ndarray, ...]
    W_new: tuple[np.ndarray, ...]
    b_new: tuple[np.ndarray, ...]
    eta: float
    alpha: float
    weight_decay: float
    dW_prev: tuple[np.ndarray, ...] | None
    db_prev: tuple[np.ndarray, ...] | None
    activations: tuple[str, ...]
    slopes: tuple[float, ...]
    loss_name: str
    velocity: np.ndarray  # the new dw(t), flat, for resuming momentum
    layers: tuple = ()  # the layers' geometries (Dense, Conv, MaxPool), for maps

    def apply(self, net: Network) -> None:
        """Set the network's weights to the new weights of this trace."""
        net.set_weights(self.W_new, self.b_new)


def trace_example(net: Network, x: np.ndarray, t: np.ndarray, eta: float, alpha: float = 0.0,
                  velocity: np.ndarray | None = None, weight_decay: float = 0.0) -> Trace:
    """Forward, backward and one update for a single example; ``net`` is not changed.

    ``velocity`` is dw(t-1) in the flat layout of ``net.params`` (None: zero).
    """
    X = np.asarray(x, net.dtype).reshape(1, -1)
    T = np.asarray(t, net.dtype).reshape(1, -1)
    if X.shape[1] != net.sizes[0] or T.shape[1] != net.sizes[-1]:
        raise ValueError(f"the network needs {net.sizes[0]} inputs and {net.sizes[-1]} targets; "
                         f"got {X.shape[1]} and {T.shape[1]}")
    outs, _ = net.forward(X)
    zs = [net.net_input(l, outs[l])[0] for l in range(net.n_layers)]
    loss_sum, d, deltas = net.backward(outs, T)
    G = np.empty_like(net.params)
    net.accumulate(outs, deltas, net.layer_views(G))
    sgd = SGD(len(net.params), net.n_weights, net.dtype)
    if velocity is not None:
        sgd.velocity[...] = velocity
    prev = net.copy()
    prev.params[...] = sgd.velocity
    V = sgd.delta_w(G, 1, eta, alpha, weight_decay, net.params)
    new = net.copy()
    np.add(net.params, V, out=new.params)
    dnet = net.copy()
    dnet.params[...] = V
    has_prev = velocity is not None and alpha != 0.0
    return Trace(
        x=_ro(X[0]), t=_ro(T[0]), z=tuple(_ro(z) for z in zs),
        o=tuple(_ro(o[0]) for o in outs), error=_ro(d[0]),
        loss=float(losses.per_example(net.loss, outs[-1], T, net.activations[-1])[0]),
        delta=tuple(_ro(dl[0]) for dl in deltas),
        dW=tuple(map(_ro, dnet.W)), db=tuple(map(_ro, dnet.b)),
        W_old=tuple(map(_ro, net.W)), b_old=tuple(map(_ro, net.b)),
        W_new=tuple(map(_ro, new.W)), b_new=tuple(map(_ro, new.b)),
        eta=float(eta), alpha=float(alpha), weight_decay=float(weight_decay),
        dW_prev=tuple(map(_ro, prev.W)) if has_prev else None,
        db_prev=tuple(map(_ro, prev.b)) if has_prev else None,
        activations=net.activations, slopes=net.slopes, loss_name=net.loss,
        velocity=_ro(V), layers=net.layers,
    )
