"""cse-lessonpack: Know About CSE lesson packs, guides and posters from content kept as data."""

__version__ = "0.1.0"
