"""mlcourse: deep learning from scratch with numpy."""
__version__ = "0.1.0"
