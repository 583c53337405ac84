"""Loading, layering and checking content packs."""
