"""One-sentence tooltips, with the seed's formula where there is one.

The tables give the texts in the reader's language (context "Tips" of the .ts files)."""

from PySide6.QtCore import QCoreApplication

from bpsim.gui.i18n import N_


class _Translated(dict):
    """A dict whose values are marked texts, translated when read."""

    def __getitem__(self, key: str) -> str:
        return QCoreApplication.translate("Tips", super().__getitem__(key))

    def get(self, key: str, default: str = "") -> str:
        return self[key] if key in self else default  # noqa: SIM401 - translates


TIPS = _Translated({
    "learning_rate": N_("Tips", "Δw_pq = η·δ_q·o_p: how far each update moves the weights."),
    "schedule": N_(
        "Tips", "How η changes over the epochs t: constant η0, step η0·f^⌊t/k⌋, exponential "
                "η0·f^t, inverse time η0/(1+k·t)."),
    "factor": N_(
        "Tips", "f: the factor η is multiplied by (step: every k epochs; exponential: every "
                "epoch)."),
    "every": N_("Tips", "k: the number of epochs between two steps of the step schedule."),
    "k": N_("Tips", "k in η(t) = η0/(1 + k·t): how fast the learning rate decays."),
    "momentum": N_("Tips", "Δw(t) = η·δ·o + α·Δw(t−1): α keeps a share of the previous step."),
    "batch_size": N_(
        "Tips", "Examples per weight update: 1 = online (after every example), N = full "
                "batch (one update per epoch with the mean gradient)."),
    "order": N_("Tips", "The order the examples are presented in every epoch."),
    "error_floor": N_(
        "Tips", "p_i = floor/N + (1−floor)·e_i/Σe: every example keeps at least floor/N."),
    "epochs": N_(
        "Tips", "How many passes over the training examples a run makes: bpsim train "
                "always; the window only with “Stop after” checked (otherwise it trains "
                "until paused)."),
    "stop_after_epochs": N_(
        "Tips", "Checked: training in the window stops by itself after this many epochs. "
                "Unchecked: it runs until you pause it (Space)."),
    "loss": N_(
        "Tips", "The error E that training minimises (cross entropy needs a softmax or "
                "sigmoid output layer)."),
    "weight_decay": N_(
        "Tips", "Δw = … − η·λ·w: pulls every weight (not the biases) towards zero."),
    "dropout": N_(
        "Tips", "Probability p that a unit of this layer is switched off for an example "
                "during training; kept outputs are scaled by 1/(1−p)."),
    "init": N_(
        "Tips", "How new weights are drawn (for new layers, new units and Re-initialise)."),
    "scale": N_(
        "Tips", "uniform: a in U[−a, a]; Xavier/He: multiplies σ (or r) of the formula."),
    "init_seed": N_(
        "Tips", "Seed of the random numbers for new weights (same seed → same weights)."),
    "seed": N_(
        "Tips", "Seed of shuffling, dropout and the validation split: the same seed repeats "
                "a run."),
    "reinit": N_(
        "Tips", "Draw every weight and bias anew with the initialisation above (undoable)."),
    "validation_split": N_(
        "Tips", "Share of the examples held out to measure generalisation; they are never "
                "trained on."),
    "dtype": N_(
        "Tips", "Floating-point precision: float64 (exact) or float32 (faster on large "
                "networks)."),
    "samples": N_("Tips", "How many examples the generator draws."),
    "noise": N_("Tips", "How much random noise is added to the examples."),
    "data_seed": N_("Tips", "Seed of the generator: the same seed gives the same examples."),
    "example": N_("Tips", "The example whose forward pass fills the neurons of the network."),
})

LOSS_TIPS = _Translated({
    "sse": N_("Tips", "E = ½·Σ_k (t_k − o_k)² (the seed's error)"),
    "mse": N_("Tips", "E = (1/K)·Σ_k (t_k − o_k)²"),
    "cross_entropy": N_("Tips", "E = −Σ_k t_k·log o_k (softmax) or the binary form (sigmoid)"),
})

ORDER_TIPS = _Translated({
    "sequential": N_("Tips", "The examples in file order every epoch."),
    "shuffle": N_("Tips", "A new random order every epoch."),
    "error_emphasis": N_("Tips", "Examples with a large error are drawn more often."),
})

INIT_TIPS = _Translated({
    "uniform": N_("Tips", "w ~ U[−a, a] (the seed's small random numbers)"),
    "xavier_normal": N_("Tips", "w ~ N(0, σ²), σ = √(2/(N_in+N_out))"),
    "xavier_uniform": N_("Tips", "w ~ U[−r, r], r = √(6/(N_in+N_out))"),
    "he_normal": N_("Tips", "w ~ N(0, σ²), σ = √(2/N_in) (for ReLU layers)"),
})

# The names the boxes show for the options of bpsim.spec (activation functions keep their
# names: sigmoid, tanh and ReLU are written so in Chinese textbooks too).
NAMES = _Translated({
    "constant": N_("Tips", "constant"),
    "step": N_("Tips", "step decay"),
    "exponential": N_("Tips", "exponential"),
    "inverse_time": N_("Tips", "inverse time"),
    "sequential": N_("Tips", "sequential"),
    "shuffle": N_("Tips", "shuffle"),
    "error_emphasis": N_("Tips", "error emphasis"),
    "sse": N_("Tips", "sse (sum of squares)"),
    "mse": N_("Tips", "mse (mean square)"),
    "cross_entropy": N_("Tips", "cross entropy"),
    "uniform": N_("Tips", "uniform"),
    "xavier_normal": N_("Tips", "Xavier normal"),
    "xavier_uniform": N_("Tips", "Xavier uniform"),
    "he_normal": N_("Tips", "He normal"),
    "none": N_("Tips", "none"),
    "standardize": N_("Tips", "standardize"),
    "minmax": N_("Tips", "min-max"),
    "circles": N_("Tips", "circles"),
    "moons": N_("Tips", "moons"),
    "spirals": N_("Tips", "spirals"),
    "gaussians": N_("Tips", "gaussians"),
    "checkerboard": N_("Tips", "checkerboard"),
    "sine": N_("Tips", "sine"),
    "parity": N_("Tips", "parity"),
    "digits": N_("Tips", "digits"),
    "motif": N_("Tips", "motif"),
    "textbook": N_("Tips", "textbook"),
    "iris": N_("Tips", "iris"),
    "xor": N_("Tips", "xor"),
    "and": N_("Tips", "and"),
    "or": N_("Tips", "or"),
    "linear": N_("Tips", "linear"),
    "conv": N_("Tips", "conv"),
    "max_pool": N_("Tips", "max-pool"),
    "relu": N_("Tips", "relu"),
    "leaky_relu": N_("Tips", "leaky relu"),
})


def display_name(name: str) -> str:
    """How a box shows the option ``name``: leaky_relu -> leaky relu, translated if marked."""
    return NAMES.get(name, name.replace("_", " "))
