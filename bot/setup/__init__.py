"""The operator's setup: the Zoom app values to paste, and proving who the operator is."""
