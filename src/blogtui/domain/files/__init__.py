"""Files on disk: safe reads and writes, the one post reader, which files are posts."""
