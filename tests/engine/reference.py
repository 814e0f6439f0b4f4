"""An independent, deliberately naive backpropagation: Python floats, one unit at a time.

It follows the seed's formulas literally and shares no code with bpsim.engine, so agreement
between the two is evidence that both compute the algorithm of the seed.
"""

from __future__ import annotations

import math


def f(act, z, slope=0.01):
    if act == "sigmoid":
        return 1.0 / (1.0 + math.exp(-z))
    if act == "tanh":
        return math.tanh(z)
    if act == "relu":
        return z if z > 0 else 0.0
    if act == "leaky_relu":
        return z if z > 0 else slope * z
    if act == "linear":
        return z
    raise ValueError(act)


def fprime(act, z, slope=0.01):
    if act == "sigmoid":
        s = f(act, z)
        return s * (1.0 - s)
    if act == "tanh":
        return 1.0 - math.tanh(z) ** 2
    if act == "relu":
        return 1.0 if z > 0 else 0.0
    if act == "leaky_relu":
        return 1.0 if z > 0 else slope
    return 1.0


def forward(W, b, acts, x, slopes):
    zs, os_ = [], [list(x)]
    for l in range(len(W)):
        z = [sum(W[l][j][i] * os_[-1][i] for i in range(len(os_[-1]))) + b[l][j]
             for j in range(len(W[l]))]
        if acts[l] == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            o = [v / sum(e) for v in e]
        else:
            o = [f(acts[l], v, slopes[l]) for v in z]
        zs.append(z)
        os_.append(o)
    return zs, os_


def loss(name, o, t, out_act):
    K = len(o)
    if name == "sse":
        return 0.5 * sum((t[k] - o[k]) ** 2 for k in range(K))
    if name == "mse":
        return sum((t[k] - o[k]) ** 2 for k in range(K)) / K
    if out_act == "softmax":
        return -sum(t[k] * math.log(o[k]) for k in range(K))
    return -sum(t[k] * math.log(o[k]) + (1 - t[k]) * math.log(1 - o[k]) for k in range(K))


def deltas(W, acts, zs, os_, t, loss_name, slopes):
    L = len(W)
    o, z, K = os_[-1], zs[-1], len(os_[-1])
    if loss_name == "cross_entropy":
        d_out = [t[k] - o[k] for k in range(K)]
    else:
        g = [(t[k] - o[k]) * (1.0 if loss_name == "sse" else 2.0 / K) for k in range(K)]
        if acts[-1] == "softmax":
            # delta_k = sum_j g_j do_j/dz_k, do_j/dz_k = o_j (1[j=k] - o_k)
            d_out = [sum(g[j] * o[j] * ((1.0 if j == k else 0.0) - o[k]) for j in range(K))
                     for k in range(K)]
        else:
            d_out = [g[k] * fprime(acts[-1], z[k], slopes[-1]) for k in range(K)]
    ds = [None] * L
    ds[L - 1] = d_out
    for l in range(L - 2, -1, -1):
        nxt = ds[l + 1]
        ds[l] = [fprime(acts[l], zs[l][q], slopes[l]) *
                 sum(W[l + 1][i][q] * nxt[i] for i in range(len(nxt)))
                 for q in range(len(zs[l]))]
    return ds


def train(W, b, acts, loss_name, X, T, eta, alpha, batch_size, epochs, weight_decay=0.0,
          slopes=None):
    """Sequential order; returns new (W, b) and the list of step losses."""
    W = [[list(r) for r in Wl] for Wl in W]
    b = [list(bl) for bl in b]
    slopes = slopes or [0.01] * len(W)
    VW = [[[0.0] * len(r) for r in Wl] for Wl in W]
    Vb = [[0.0] * len(bl) for bl in b]
    step_losses = []
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            batch = range(start, min(start + batch_size, len(X)))
            n = len(batch)
            GW = [[[0.0] * len(r) for r in Wl] for Wl in W]
            Gb = [[0.0] * len(bl) for bl in b]
            total = 0.0
            for e in batch:
                zs, os_ = forward(W, b, acts, X[e], slopes)
                total += loss(loss_name, os_[-1], T[e], acts[-1])
                ds = deltas(W, acts, zs, os_, T[e], loss_name, slopes)
                for l in range(len(W)):
                    for q in range(len(W[l])):
                        for p in range(len(W[l][q])):
                            GW[l][q][p] += ds[l][q] * os_[l][p]   # delta_q o_p
                        Gb[l][q] += ds[l][q]                      # bias: input 1
            step_losses.append(total / n)
            for l in range(len(W)):
                for q in range(len(W[l])):
                    for p in range(len(W[l][q])):
                        dw = eta * GW[l][q][p] / n - eta * weight_decay * W[l][q][p] \
                            + alpha * VW[l][q][p]
                        VW[l][q][p] = dw
                        W[l][q][p] += dw
                    db = eta * Gb[l][q] / n + alpha * Vb[l][q]
                    Vb[l][q] = db
                    b[l][q] += db
    return W, b, step_losses
