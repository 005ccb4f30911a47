"""The dashboard's views: Panel components built from the state classes."""
