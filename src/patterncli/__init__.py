"""patterncli: a terminal reference for interpersonal patterns in psychotherapy."""

__version__ = "0.1.0"
