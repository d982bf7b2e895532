"""Report-level reading: metadata, sections and recommendations."""
