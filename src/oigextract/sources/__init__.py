"""Document bytes -> ``MainText``: kind detection, PDF/HTML/text loading. Knows nothing of spaCy."""
