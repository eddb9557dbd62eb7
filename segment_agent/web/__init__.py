"""The web chat for marketers: a FastAPI app over the service layer, with a plain-JS page."""
