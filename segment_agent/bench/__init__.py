"""`segment-agent bench`: every capability's speed and memory figures in one table."""
