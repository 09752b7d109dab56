"""The partners' toolkit at the site's root: /embed/ widgets and /badges/ images."""

app_name = "partners"
urlpatterns: list = []
