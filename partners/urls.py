"""The partners' toolkit at the site's root: /embed/ widgets and /badges/ images."""

from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("embed/<slug:slug>/", views.embed, name="embed"),
    path(
        "badges/<slug:partner>/<slug:competition>.svg",
        views.badge_svg,
        name="badge_svg",
    ),
    path(
        "badges/<slug:partner>/<slug:competition>.png",
        views.badge_png,
        name="badge_png",
    ),
]
