"""Helpers shared by the kit's packages."""
