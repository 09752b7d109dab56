from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from communities import urls as communities_urls
from members import account_views
from members import urls as members_urls
from moderation import urls as moderation_urls
from submissions import urls as submissions_urls
from voting import urls as voting_urls

urlpatterns = [
    # One way in: the admin's own sign-in and password reset lead to allauth's.
    path("admin/login/", account_views.admin_sign_in),
    path("admin/password_reset/", account_views.admin_password_reset),
    path("_util/login/", account_views.frontend_sign_in),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("partners/", include(communities_urls)),
    path("accounts/", include("members.account_urls")),
    path("entries/", include(submissions_urls)),
    path("entries/", include(moderation_urls)),
    path("entries/", include(voting_urls)),
    path("me/", include(members_urls)),
    path("showcase/", include("showcase.urls")),
    path("", include("partners.urls")),
    path("", include("api.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "home.views.bad_request"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
