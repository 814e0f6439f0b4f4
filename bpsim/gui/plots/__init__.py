"""Live training plots: pyqtgraph docks (loss, weights, gradient norms, learning rate,
decision boundary) fed with training snapshots and redrawn at most ~30 times a second."""
