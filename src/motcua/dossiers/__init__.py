"""Dossiers: what a citizen hands in, from reception to the returned result."""
