"""The app in a browser (`blogtui serve`)."""
