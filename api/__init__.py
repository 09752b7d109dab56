"""Open data: the public read API (django-ninja) and the Atom feeds."""
