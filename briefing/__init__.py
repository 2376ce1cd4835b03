"""briefing: analyst briefs from sources and a case file, every statement footnoted to verbatim quotes."""

__version__ = "0.1.0"
