"""The clinician pages at /clinic/: server-rendered views (see clinic/README.md)."""
