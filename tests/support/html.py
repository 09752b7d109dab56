"""What an HTML checker would say about a page: parse errors, ids, nesting.

The WHATWG parser (tinyhtml5) reports what a browser silently repairs: an
element closed too early or never, a stray end tag, a block inside a
paragraph, a form inside a form, an attribute written twice or run into the
next. On top of the parse it checks what the parser lets through: an id used
twice, a reference (``for``, ``aria-describedby``, ``href="#…"``…) to an id
the page does not have, interactive content inside a link or button, and
lists holding something other than items.
"""

from collections import Counter
from collections.abc import Iterator
from xml.etree.ElementTree import Element

from tinyhtml5.parser import HTMLParser

ID_LISTS = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-owns")
ID_REFS = ("for", "list", "form", "aria-activedescendant", "aria-errormessage")
INTERACTIVE = {"a", "button", "select", "textarea", "iframe", "details", "label"}
LISTS = {"ul", "ol", "menu"}
LIST_CONTENT = {"li", "script", "template"}


def _elements(root: Element) -> Iterator[tuple[Element, Element | None]]:
    """Yield every element with its parent (comments left out)."""
    stack: list[tuple[Element, Element | None]] = [(root, None)]
    while stack:
        element, parent = stack.pop()
        if isinstance(element.tag, str):
            yield element, parent
            stack.extend((child, element) for child in reversed(element))


def _interactive(element: Element) -> bool:
    if element.tag == "input":
        return element.get("type", "text") != "hidden"
    return element.tag in INTERACTIVE and not (
        element.tag == "a" and element.get("href") is None
    )


def html_problems(content: bytes | str) -> list[str]:
    """Return a sentence for each problem with ``content``, a whole page."""
    parser = HTMLParser(namespace_html_elements=False)
    root = parser.parse(content)
    problems = [
        f"line {line}, column {column}: {code} {data or ''}".rstrip()
        for (line, column), code, data in parser.errors
    ]
    elements = list(_elements(root))
    ids = Counter(element.get("id") for element, _ in elements if element.get("id"))
    problems += [f'id "{name}" is used {n} times' for name, n in ids.items() if n > 1]
    for element, parent in elements:
        tag = element.tag
        refs = [(a, ref) for a in ID_REFS if (ref := element.get(a))]
        refs += [(a, ref) for a in ID_LISTS for ref in element.get(a, "").split()]
        href = element.get("href", "")
        if tag == "a" and href.startswith("#") and len(href) > 1:
            refs.append(("href", href[1:]))
        problems += [
            f'<{tag} {attribute}="{ref}"> names an id the page does not have'
            for attribute, ref in refs
            if ref not in ids
        ]
        if tag in {"a", "button"} and _interactive(element):
            problems += [
                f"<{inner.tag}> inside <{tag}>"
                for inner, _ in _elements(element)
                if inner is not element and _interactive(inner)
            ]
        if tag in LISTS:
            problems += [
                f"<{child.tag}> directly inside <{tag}>"
                for child in element
                if isinstance(child.tag, str) and child.tag not in LIST_CONTENT
            ]
        if tag == "li" and (parent is None or parent.tag not in LISTS | {"template"}):
            problems.append(f"<li> inside <{getattr(parent, 'tag', None)}>")
    return problems
