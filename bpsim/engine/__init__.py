"""The backpropagation engine: NumPy and the standard library only (no Qt, no file I/O)."""
