"""bpsim: a desktop simulator of the backpropagation algorithm."""

__version__ = "0.1.0"
