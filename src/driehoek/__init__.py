"""driehoek: guides the three-way meeting between student, workplace and school."""

__version__ = "0.1.0"
