"""propsvc — event-sourced workflow engine for property-management customer service."""

__version__ = "0.1.0"
