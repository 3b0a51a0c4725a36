"""Byte-level pieces of the cloud side, written independently of the client codec."""
