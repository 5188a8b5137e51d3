class RecordMovedOn(Exception):
    """The record moved on since the page was loaded."""
