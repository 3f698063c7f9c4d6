"""The version of summitfeed: the one place it is written (the build reads it)."""

__version__ = "0.1.0"
