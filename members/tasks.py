import logging

from django.conf import settings
from django.tasks import task
from django.urls import reverse

from core.mail import send_templated_email

logger = logging.getLogger(__name__)


@task()
def build_data_export(*, user_id: int) -> None:
    """Zip everything the site holds about a member and email them the link."""
    from .data_rights import EXPORT_MAX_AGE, data_export_build, export_token
    from .models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:  # the account closed while the task waited
        return
    export = data_export_build(user=user)
    path = reverse("members:data_export_download", args=[export_token(export)])
    context = {
        "handle": user.public_name,
        "download_url": settings.WAGTAILADMIN_BASE_URL + path,
        "hours": int(EXPORT_MAX_AGE.total_seconds() // 3600),
    }
    send_templated_email(
        template="members/email/data_export", context=context, to=[user.email]
    )


@task()
def sweep_data_exports() -> int:
    """Delete data exports whose links have expired (schedule it hourly)."""
    from .data_rights import data_exports_sweep

    removed = data_exports_sweep()
    if removed:
        logger.info("Removed %d expired data exports.", removed)
    return removed
