"""Every template of ours is ready for translation and names addresses, not paths.

Welsh will follow: text a visitor reads is in ``{% translate %}`` or
``{% blocktranslate %}``, and links and form addresses come from ``{% url %}``,
``{% pageurl %}`` or ``{% routablepageurl %}``, never a path typed in.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django import forms as django_forms
from django.conf import settings
from django.template import engines
from django.template.loader import render_to_string

ROOT = Path(settings.BASE_DIR)
SKIPPED_DIRS = {".venv", "node_modules", "media", "static", ".git"}

# Text left as it is, and why. Each entry is (template, fragment).
NOT_YET: dict[str, list[str] | None] = {}
# Words that are the same in every language.
UNTRANSLATED_WORDS = {"OpenCall"}
VISIBLE_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")


def our_templates() -> list[Path]:
    """Return the templates of every app and the project's templates/ folder."""
    found = []
    for path in sorted(ROOT.rglob("templates/**/*")):
        parts = path.relative_to(ROOT).parts
        if path.is_file() and not SKIPPED_DIRS & set(parts[:1]):
            found.append(path)
    return found


def name_of(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def template_name(path: Path) -> str:
    """Return the name the loader knows ``path`` by (after its templates/ folder)."""
    parts = path.relative_to(ROOT).parts
    return "/".join(parts[parts.index("templates") + 1 :])


TEMPLATES = our_templates()
TEMPLATE_IDS = [name_of(path) for path in TEMPLATES]


def test_the_templates_are_found():
    names = set(TEMPLATE_IDS)
    assert "templates/base.html" in names
    assert "submissions/templates/submissions/includes/entry_form_fields.html" in names
    assert "submissions/templates/submissions/email/received.txt" in names


def without_markup(source: str) -> str:
    """Return the text a reader sees: comments, tags, variables and HTML removed."""
    source = re.sub(r"{% comment %}.*?{% endcomment %}", " ", source, flags=re.S)
    source = re.sub(r"{#.*?#}", " ", source, flags=re.S)
    source = re.sub(
        r"{% blocktranslate\b.*?{% endblocktranslate %}", " ", source, flags=re.S
    )
    source = re.sub(r"{% block body_class %}.*?{% endblock", " ", source, flags=re.S)
    source = re.sub(r"{%.*?%}|{{.*?}}", " ", source, flags=re.S)
    source = re.sub(r"<(script|style)\b.*?</\1>", " ", source, flags=re.S)
    source = re.sub(r"<[^>]*>", " ", source, flags=re.S)
    return re.sub(r"&[#\w]+;", " ", source)


def visible_attribute_values(source: str) -> list[str]:
    names = "|".join(VISIBLE_ATTRIBUTES)
    pattern = rf'\b(?:{names})="([^"]*)"'
    return re.findall(pattern, source)


def untranslated_text(source: str) -> list[str]:
    """Return the runs of words in ``source`` that are not marked for translation."""
    texts = [without_markup(source)]
    texts += [without_markup(value) for value in visible_attribute_values(source)]
    return [
        run.strip()
        for text in texts
        for run in re.split(r"\s{2,}|\n", text)
        if set(re.findall(r"[^\W\d_]{2,}", run)) - UNTRANSLATED_WORDS
    ]


def untranslated(path: Path) -> list[str]:
    """Return the untranslated text of ``path``, less the fragments let through."""
    source = path.read_text()
    for fragment in NOT_YET.get(name_of(path)) or []:
        source = source.replace(fragment, " ")
    return untranslated_text(source)


@pytest.mark.parametrize("path", TEMPLATES, ids=TEMPLATE_IDS)
def test_text_is_marked_for_translation(path):
    """Nothing a reader sees is left outside a translate tag."""
    if NOT_YET.get(name_of(path), []) is None:
        pytest.skip("Replaced by the entry-status template tag (issue 6).")
    assert untranslated(path) == []


@pytest.mark.parametrize("path", TEMPLATES, ids=TEMPLATE_IDS)
def test_no_address_is_typed_in(path):
    """No href, src or action names a path of this site, and none is empty."""
    source = path.read_text()

    assert re.findall(r'\b(?:href|src|action)="/[^"]*"', source) == []
    assert 'action=""' not in source


@pytest.mark.parametrize("path", TEMPLATES, ids=TEMPLATE_IDS)
def test_each_template_compiles(path):
    """Translate tags and their variables are valid where they are written."""
    engines["django"].get_template(template_name(path))


def test_the_checker_finds_untranslated_text():
    """A control: plain words, and a plain aria-label, are both reported."""
    source = (
        '{% load i18n %}<nav aria-label="Main"><p>{% translate "Fine" %}</p>'
        "<p>Not fine</p>"
        "{% blocktranslate %}Also {{ fine }}{% endblocktranslate %}</nav>"
    )

    assert sorted(untranslated_text(source)) == ["Main", "Not fine"]


def test_the_error_summary_names_each_field_once_punctuated():
    """ "Email: This field is required.", and a question keeps its own mark:
    "What is wrong? Please choose …", never "What is wrong?: …"."""

    class Asked(django_forms.Form):
        email = django_forms.EmailField(label="Email")
        reason = django_forms.CharField(label="What is wrong?")

    form = Asked(data={})
    form.is_valid()

    summary = BeautifulSoup(
        render_to_string("includes/error_summary.html", {"form": form}), "html.parser"
    )

    links = [(a["href"], a.get_text(" ", strip=True)) for a in summary.select("a")]
    assert links == [
        ("#id_email", "Email: This field is required."),
        ("#id_reason", "What is wrong? This field is required."),
    ]
