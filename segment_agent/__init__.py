"""segment-agent: build customer segments from a plain-language goal, with human approval."""

__version__ = "0.1.0"
