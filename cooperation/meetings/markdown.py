"""Minutes are written in Markdown and shown as sanitised HTML: no script, no event handlers, no
javascript: links, whatever the text contains."""

import markdown as markdown_lib
import nh3
from django.utils.safestring import SafeString, mark_safe

from protocol.textdiff import html_word_diff

ALLOWED_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i",
    "code", "pre", "blockquote", "table", "thead", "tbody", "tr", "th", "td", "a", "del", "sup", "sub",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def render(text: str) -> SafeString:
    html = markdown_lib.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return _clean(html, tags=ALLOWED_TAGS)


def render_diff(old_text: str, new_text: str) -> SafeString:
    """Both texts rendered, compared word by word: what the newer adds in <ins>, what it drops in <del>."""
    return _clean(html_word_diff(render(old_text), render(new_text)), tags=ALLOWED_TAGS | {"ins"})


def _clean(html: str, *, tags: set[str]) -> SafeString:
    clean = nh3.clean(
        html,
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # nh3 has removed everything that could run
