"""Engines that run the pipeline's stages elsewhere than in this process (``--engine ray``).

The local engine is :mod:`sourcetrace.pipeline` itself; an engine here maps the same stage
functions over workers, so both give the same dossier.
"""
