"""cjmap: validate, render and report customer journeys kept as YAML in git."""

__version__ = "0.1.0"
