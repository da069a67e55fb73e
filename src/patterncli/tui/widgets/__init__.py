"""The browse app's own widgets, each with its CSS (DEFAULT_CSS) beside it."""
