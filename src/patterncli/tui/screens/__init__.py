"""The browse app's screens, each with its stylesheet (NAME.tcss) beside it."""
