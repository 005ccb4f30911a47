"""The record: the SQLite store, the meeting journal, group sessions, authentication."""
