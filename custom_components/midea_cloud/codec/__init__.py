"""Async codec for the Midea "mapp" cloud (Midea Air / NetHome Plus). No Home Assistant import."""
