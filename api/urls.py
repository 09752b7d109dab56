"""Open data: the public read API at /api/v1/ and the Atom feeds."""

app_name = "api"
urlpatterns: list = []
