"""The judges' workspace: a scoped area of the admin for panel members.

``JudgingWorkspaceViewSet`` is registered in ``judging/wagtail_hooks.py``.
"""

from .viewset import JudgingWorkspaceViewSet

__all__ = ["JudgingWorkspaceViewSet"]
