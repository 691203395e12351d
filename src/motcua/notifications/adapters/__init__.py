"""Adapters: one per outside system, behind the small interface of `base`."""
