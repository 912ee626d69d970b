"""Adapters for microjob's ports: ``memory`` (tests, simulations) and ``sql`` (databases)."""
