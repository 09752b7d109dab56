from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class PrivateStorage(LazyObject):
    """The ``private`` storage alias, looked up when used (like default_storage).

    A model field calls its ``storage`` callable once, when the model class is
    built; handing it this proxy keeps the field following ``STORAGES``.
    """

    def _setup(self) -> None:
        self._wrapped = storages["private"]


_private_storage = PrivateStorage()


def private_storage() -> Storage:
    """Return the storage for media nobody may reach without a permission check."""
    return _private_storage


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs) -> None:
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def serves_signed_urls(storage: Storage) -> bool:
    """Return whether ``storage.url()`` gives a short-lived signed URL (S3)."""
    return bool(getattr(storage, "querystring_auth", False))
