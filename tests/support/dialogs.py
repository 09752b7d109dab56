"""A browser page's questions (``window.confirm``), answered as a test says."""

from playwright.sync_api import Dialog, Page


class Questions:
    """Answer the page's next question yes or no, and keep every question asked."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.asked: list[str] = []

    def answer_next(self, *, accept: bool) -> None:
        def answer(dialog: Dialog) -> None:
            self.asked.append(dialog.message)
            if accept:
                dialog.accept()
            else:
                dialog.dismiss()

        self.page.once("dialog", answer)
