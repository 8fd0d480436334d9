"""Internals of the Norwegian text analysis: tokens, language, lexicon, scoring, themes, safety."""
