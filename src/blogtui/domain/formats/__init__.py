"""Frontmatter formats: splitting a post; reading and splicing YAML, TOML and JSON; dates."""
