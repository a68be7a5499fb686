"""briefing: read and keep a briefing on a developing story, from a hand-written YAML brief."""

__version__ = "0.1.0"
