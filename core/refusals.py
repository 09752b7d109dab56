"""A refusal deep in a write that the person who asked for it should read.

Raise ``Refusal`` where a request cannot be reached (a model method called by a
library's view, such as Wagtail approving a workflow and publishing the page);
``RefusalMessageMiddleware`` turns it into an error message and a redirect back,
instead of a 500. The code that raises it must leave nothing half done (raise
before writing, or inside the caller's transaction).
"""


class Refusal(Exception):
    """Refuse an action with a message in plain words for the person asking."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
