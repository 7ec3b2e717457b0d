"""blogtui: a terminal reader and editor for the content folder of a static blog."""

__version__ = "0.1.0"
