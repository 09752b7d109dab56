"""The story field of the entry form: shown back sanitised, with its word count.

A refused form is shown again with what the member typed. The editor in
``static/js/story-editor.js`` loads that value as HTML, so the value shown back
is the sanitised story (the same nh3 rules as on save), never the raw input.
Plain text (typed without JavaScript) is shown back as typed: it cannot become
HTML in a textarea.
"""

from django import forms

from core.sanitize import count_words, sanitise_rich_text

from .media import LOOKS_LIKE_HTML


class StoryEditorWidget(forms.Textarea):
    """A textarea the story editor enhances, with the word count beside it."""

    template_name = "submissions/widgets/story_editor.html"

    def __init__(self, attrs=None, word_limit: int | None = None) -> None:
        super().__init__({"rows": 16, "data-story-editor": "", **(attrs or {})})
        self.word_limit = word_limit

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        words = count_words(str(context["widget"]["value"] or ""))
        over_by = words - self.word_limit if self.word_limit else 0
        context["widget"].update(
            word_count=words, word_limit=self.word_limit, over_by=max(over_by, 0)
        )
        return context


class StoryField(forms.CharField):
    """A story whose value, when shown back on a refused form, is sanitised."""

    widget = StoryEditorWidget

    def bound_data(self, data, initial):
        value = super().bound_data(data, initial)
        if isinstance(value, str) and LOOKS_LIKE_HTML.search(value):
            return sanitise_rich_text(value)
        return value
