"""Report -> text for people and programs: JSON, JSON Lines, a table."""
