"""Extractors: from an article and its annotation to entities, quotes, figures, events."""
