"""An independent, literal backpropagation for networks with conv and max_pool layers: a loop
over every example, every output position, every kernel weight (shares no code with
bpsim.engine; activations and losses come from the dense reference, which shares none either).

Maps are handled as 2-D: a 1-D layer (C, L) is a 2-D layer (C, 1, L) with kernel (1, k),
stride (1, s) and padding (0, p), which is the same arithmetic. Layers are dicts:

    {"kind": "conv", "in": (C, H, W), "F": F, "k": (kh, kw), "s": (sh, sw), "p": (ph, pw)}
    {"kind": "pool", "in": (C, H, W), "w": (ph, pw)}
    {"kind": "dense", "n_in": n, "n_out": m}

with weights W[l] (F, C, kh, kw) / (m, n) as nested lists of floats, and flat C-order lists
of values between layers.
"""

from __future__ import annotations

import math

from tests.engine.reference import f, fprime, loss


def out_size(layer):
    if layer["kind"] == "dense":
        return (layer["n_out"],)
    C, H, W = layer["in"]
    if layer["kind"] == "pool":
        return (C, H // layer["w"][0], W // layer["w"][1])
    (kh, kw), (sh, sw), (ph, pw) = layer["k"], layer["s"], layer["p"]
    return (layer["F"], (H + 2 * ph - kh) // sh + 1, (W + 2 * pw - kw) // sw + 1)


def _read(x, C, H, W, c, u, v):
    """x[c, u, v] of a flat map, 0 outside (the padding)."""
    if 0 <= u < H and 0 <= v < W:
        return x[(c * H + u) * W + v]
    return 0.0


def layer_z(layer, Wl, bl, x):
    """z of one layer for one example (flat list); for pool also the winners' indices."""
    if layer["kind"] == "dense":
        return [sum(Wl[j][i] * x[i] for i in range(len(x))) + bl[j]
                for j in range(layer["n_out"])], None
    C, H, W = layer["in"]
    _, Ho, Wo = out_size(layer)
    z, won = [], []
    if layer["kind"] == "pool":
        ph, pw = layer["w"]
        for c in range(C):
            for i in range(Ho):
                for j in range(Wo):
                    best, arg = None, None
                    for a in range(ph):          # row-major: the first maximum wins
                        for b in range(pw):
                            k = (c * H + i * ph + a) * W + j * pw + b
                            if best is None or x[k] > best:
                                best, arg = x[k], k
                    z.append(best)
                    won.append(arg)
        return z, won
    (kh, kw), (sh, sw), (ph, pw) = layer["k"], layer["s"], layer["p"]
    for fi in range(layer["F"]):
        for i in range(Ho):
            for j in range(Wo):
                total = bl[fi]
                for c in range(C):
                    for a in range(kh):
                        for b in range(kw):
                            total += Wl[fi][c][a][b] * _read(x, C, H, W, c, sh * i + a - ph,
                                                              sw * j + b - pw)
                z.append(total)
    return z, None


def forward(layers, Ws, bs, acts, slopes, x):
    zs, os_, wons = [], [list(x)], []
    for l, layer in enumerate(layers):
        z, won = layer_z(layer, Ws[l], bs[l], os_[-1])
        if acts[l] == "softmax":
            m = max(z)
            e = [math.exp(v - m) for v in z]
            o = [v / sum(e) for v in e]
        else:
            o = [f(acts[l], v, slopes[l]) for v in z]
        zs.append(z)
        os_.append(o)
        wons.append(won)
    return zs, os_, wons


def back(layer, Wl, delta, won):
    """sum over the units that read input q of (their weight to q) x delta: a list per input."""
    if layer["kind"] == "dense":
        return [sum(Wl[i][q] * delta[i] for i in range(len(delta))) for q in range(layer["n_in"])]
    C, H, W = layer["in"]
    out = [0.0] * (C * H * W)
    if layer["kind"] == "pool":
        for k, d in enumerate(delta):
            out[won[k]] += d
        return out
    _, Ho, Wo = out_size(layer)
    (kh, kw), (sh, sw), (ph, pw) = layer["k"], layer["s"], layer["p"]
    for fi in range(layer["F"]):
        for i in range(Ho):
            for j in range(Wo):
                d = delta[(fi * Ho + i) * Wo + j]
                for c in range(C):
                    for a in range(kh):
                        for b in range(kw):
                            u, v = sh * i + a - ph, sw * j + b - pw
                            if 0 <= u < H and 0 <= v < W:
                                out[(c * H + u) * W + v] += Wl[fi][c][a][b] * d
    return out


def deltas(layers, Ws, acts, slopes, zs, os_, wons, t, loss_name):
    L = len(layers)
    o, z, K = os_[-1], zs[-1], len(os_[-1])
    if loss_name == "cross_entropy":
        d = [t[k] - o[k] for k in range(K)]
    else:
        g = [(t[k] - o[k]) * (1.0 if loss_name == "sse" else 2.0 / K) for k in range(K)]
        if acts[-1] == "softmax":
            d = [sum(g[j] * o[j] * ((1.0 if j == k else 0.0) - o[k]) for j in range(K))
                 for k in range(K)]
        else:
            d = [g[k] * fprime(acts[-1], z[k], slopes[-1]) for k in range(K)]
    ds = [None] * L
    ds[-1] = d
    for l in range(L - 2, -1, -1):
        s = back(layers[l + 1], Ws[l + 1], ds[l + 1], wons[l + 1])
        ds[l] = [fprime(acts[l], zs[l][q], slopes[l]) * s[q] for q in range(len(s))]
    return ds


def gradient(layer, delta, x):
    """(G_W, G_b) of one example: sum over positions of delta times what the weight read."""
    if layer["kind"] == "pool":
        return [], []
    if layer["kind"] == "dense":
        return ([[delta[j] * x[i] for i in range(layer["n_in"])] for j in range(layer["n_out"])],
                list(delta))
    C, H, W = layer["in"]
    F, Ho, Wo = out_size(layer)
    (kh, kw), (sh, sw), (ph, pw) = layer["k"], layer["s"], layer["p"]
    GW = [[[[0.0] * kw for _ in range(kh)] for _ in range(C)] for _ in range(F)]
    Gb = [0.0] * F
    for fi in range(F):
        for i in range(Ho):
            for j in range(Wo):
                d = delta[(fi * Ho + i) * Wo + j]
                Gb[fi] += d
                for c in range(C):
                    for a in range(kh):
                        for b in range(kw):
                            GW[fi][c][a][b] += d * _read(x, C, H, W, c, sh * i + a - ph,
                                                         sw * j + b - pw)
    return GW, Gb


def _zip_update(W, G, V, eta, n, alpha, decay):
    """dw = eta G / n - eta decay w + alpha dw_prev, elementwise over nested lists."""
    if isinstance(W, list) and W and isinstance(W[0], list):
        return [_zip_update(w, g, v, eta, n, alpha, decay) for w, g, v in zip(W, G, V)]
    return [(eta * g / n - eta * decay * w + alpha * v) for w, g, v in zip(W, G, V)]


def _add(A, B):
    if isinstance(A, list) and A and isinstance(A[0], list):
        return [_add(a, b) for a, b in zip(A, B)]
    return [a + b for a, b in zip(A, B)]


def _zeros(A):
    if isinstance(A, list) and A and isinstance(A[0], list):
        return [_zeros(a) for a in A]
    return [0.0] * len(A)


def train(layers, Ws, bs, acts, loss_name, X, T, eta, alpha, batch_size, epochs,
          weight_decay=0.0, slopes=None):
    """Sequential order, as reference.train; returns (Ws, bs, step losses)."""
    slopes = slopes or [0.01] * len(layers)
    VW, Vb = [_zeros(w) for w in Ws], [_zeros(b) for b in bs]
    step_losses = []
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            batch = range(start, min(start + batch_size, len(X)))
            GW, Gb = [_zeros(w) for w in Ws], [_zeros(b) for b in bs]
            total = 0.0
            for e in batch:
                zs, os_, wons = forward(layers, Ws, bs, acts, slopes, X[e])
                total += loss(loss_name, os_[-1], T[e], acts[-1])
                ds = deltas(layers, Ws, acts, slopes, zs, os_, wons, T[e], loss_name)
                for l, layer in enumerate(layers):
                    gw, gb = gradient(layer, ds[l], os_[l])
                    GW[l], Gb[l] = _add(GW[l], gw), _add(Gb[l], gb)
            n = len(batch)
            step_losses.append(total / n)
            for l in range(len(layers)):
                VW[l] = _zip_update(Ws[l], GW[l], VW[l], eta, n, alpha, weight_decay)
                Vb[l] = _zip_update(bs[l], Gb[l], Vb[l], eta, n, alpha, 0.0)
                Ws[l], bs[l] = _add(Ws[l], VW[l]), _add(bs[l], Vb[l])
    return Ws, bs, step_losses
