"""What serves blogtui beyond the terminal: agents (MCP)."""
