from django.urls import path

from . import views

app_name = "members"
urlpatterns = [
    path("", views.me, name="me"),
    path("data/", views.data_export, name="data_export"),
    path("data/<str:token>/", views.data_export_download, name="data_export_download"),
    path("delete/", views.account_delete, name="account_delete"),
]
