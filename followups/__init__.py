"""Follow-ups (opfølgning) 1 and 6 months after discharge, and the municipalities' targets (måltal)."""
