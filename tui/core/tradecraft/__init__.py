"""Tradecraft rules: what a brief states beyond what its claims establish, checked sentence by sentence."""
