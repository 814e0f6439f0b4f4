"""One-sentence tooltips, with the seed's formula where there is one."""

TIPS = {
    "learning_rate": "Δw_pq = η·δ_q·o_p: how far each update moves the weights.",
    "schedule": "How η changes over the epochs t: constant η0, step η0·f^⌊t/k⌋, "
                "exponential η0·f^t, inverse time η0/(1+k·t).",
    "factor": "f: the factor η is multiplied by (step: every k epochs; exponential: every epoch).",
    "every": "k: the number of epochs between two steps of the step schedule.",
    "k": "k in η(t) = η0/(1 + k·t): how fast the learning rate decays.",
    "momentum": "Δw(t) = η·δ·o + α·Δw(t−1): α keeps a share of the previous step.",
    "batch_size": "Examples per weight update: 1 = online (after every example), "
                  "N = full batch (one update per epoch with the mean gradient).",
    "order": "The order the examples are presented in every epoch.",
    "error_floor": "p_i = floor/N + (1−floor)·e_i/Σe: every example keeps at least floor/N.",
    "epochs": "How many passes over the training examples a run makes: bpsim train always; "
              "the window only with “Stop after” checked (otherwise it trains until paused).",
    "stop_after_epochs": "Checked: training in the window stops by itself after this many "
                         "epochs. Unchecked: it runs until you pause it (Space).",
    "loss": "The error E that training minimises (cross entropy needs a softmax or sigmoid "
            "output layer).",
    "weight_decay": "Δw = … − η·λ·w: pulls every weight (not the biases) towards zero.",
    "dropout": "Probability p that a unit of this layer is switched off for an example during "
               "training; kept outputs are scaled by 1/(1−p).",
    "init": "How new weights are drawn (for new layers, new units and Re-initialise).",
    "scale": "uniform: a in U[−a, a]; Xavier/He: multiplies σ (or r) of the formula.",
    "init_seed": "Seed of the random numbers for new weights (same seed → same weights).",
    "seed": "Seed of shuffling, dropout and the validation split: the same seed repeats a run.",
    "reinit": "Draw every weight and bias anew with the initialisation above (undoable).",
    "validation_split": "Share of the examples held out to measure generalisation; "
                        "they are never trained on.",
    "dtype": "Floating-point precision: float64 (exact) or float32 (faster on large networks).",
    "samples": "How many examples the generator draws.",
    "noise": "How much random noise is added to the examples.",
    "data_seed": "Seed of the generator: the same seed gives the same examples.",
    "example": "The example whose forward pass fills the neurons of the network.",
}

LOSS_TIPS = {
    "sse": "E = ½·Σ_k (t_k − o_k)² (the seed's error)",
    "mse": "E = (1/K)·Σ_k (t_k − o_k)²",
    "cross_entropy": "E = −Σ_k t_k·log o_k (softmax) or the binary form (sigmoid)",
}

ORDER_TIPS = {
    "sequential": "The examples in file order every epoch.",
    "shuffle": "A new random order every epoch.",
    "error_emphasis": "Examples with a large error are drawn more often.",
}

INIT_TIPS = {
    "uniform": "w ~ U[−a, a] (the seed's small random numbers)",
    "xavier_normal": "w ~ N(0, σ²), σ = √(2/(N_in+N_out))",
    "xavier_uniform": "w ~ U[−r, r], r = √(6/(N_in+N_out))",
    "he_normal": "w ~ N(0, σ²), σ = √(2/N_in) (for ReLU layers)",
}
