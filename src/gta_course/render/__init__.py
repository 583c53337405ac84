"""Renderers: pure functions from tailored lessons to the text or bytes of one output format."""
