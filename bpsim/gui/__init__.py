"""The desktop GUI: the only package that imports PySide6 and pyqtgraph."""

import os

# pyqtgraph must bind to PySide6 (never PyQt), whatever else is installed.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
