"""The dock panels of the main window: hyperparameters, data and inspector."""
