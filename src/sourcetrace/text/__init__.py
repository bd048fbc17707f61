"""Text tools every stage shares: spans, quantities, polarity and speaker-kind lexicons, the encoder.

A leaf package: it imports nothing from the stages, so any stage may import it.
"""
