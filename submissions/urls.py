from django.urls import path

from . import views

app_name = "submissions"
urlpatterns = [
    path("<str:public_id>/", views.entry_detail, name="entry_detail"),
    path("<str:public_id>/edit/", views.entry_edit, name="entry_edit"),
    path("<str:public_id>/submit/", views.entry_submit, name="entry_submit"),
    path("<str:public_id>/withdraw/", views.entry_withdraw, name="entry_withdraw"),
    path("<str:public_id>/delete/", views.entry_delete, name="entry_delete"),
    path("<str:public_id>/media/<str:field>/", views.entry_media, name="entry_media"),
]
