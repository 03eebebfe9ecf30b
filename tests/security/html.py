"""Read what a browser would find in a page: its forms (with their fields) and its links."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit


@dataclass
class Field:
    name: str
    type: str  # the input's type, or "textarea" / "select"
    value: str = ""
    checked: bool = False
    multiple: bool = False


@dataclass
class Form:
    method: str
    action: str | None
    htmx: bool = False
    fields: list[Field] = field(default_factory=list)
    # (name, value) of each named submit button; None stands for an unnamed one.
    buttons: list[tuple[str, str] | None] = field(default_factory=list)


class PageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._textarea: Field | None = None
        self._select: Field | None = None
        self._first_option: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag == "form":
            self._form = Form(
                method=(attrs.get("method") or "get").lower(),
                action=attrs.get("action"),
                htmx="hx-post" in attrs or "hx-get" in attrs,
            )
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        name = attrs.get("name", "")
        if tag == "button" or (tag == "input" and kind in ("submit", "image")):
            if kind in ("submit", "image"):
                self._form.buttons.append((name, attrs.get("value", "")) if name else None)
        elif tag == "input" and name:
            self._form.fields.append(
                Field(name, kind, attrs.get("value", ""), checked="checked" in attrs)
            )
        elif tag == "textarea" and name:
            self._textarea = Field(name, "textarea")
            self._form.fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = Field(name, "select", multiple="multiple" in attrs)
            self._first_option = None
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            value = attrs.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self._select.value = value
            if "selected" in attrs:
                self._select.value = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser


def same_site_path(href: str, base: str) -> str | None:
    """The path (with query) `href` leads to on this site, or None for other sites and
    fragments, mailto: and javascript: links."""
    target = urlsplit(urljoin(f"http://testserver{base}", href))
    if target.scheme not in ("http", "https") or target.netloc != "testserver":
        return None
    return target.path + (f"?{target.query}" if target.query else "")
