"""One module per graph node; each is a plain function of (state, runtime)."""
