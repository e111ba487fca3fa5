"""Files in and out: bounded reads, decoding, atomic writes, settings, problems located, safe text.

It depends on nothing else in the core.
"""
