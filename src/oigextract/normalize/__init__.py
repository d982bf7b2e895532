"""Pure, cached normalisers applied to candidate spans only (never to whole texts)."""
