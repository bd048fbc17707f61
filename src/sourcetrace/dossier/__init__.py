"""Typed dossier models and their JSON Schema."""
