"""Reusable test machinery: fault injection and helpers shared by several test modules."""
