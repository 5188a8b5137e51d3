"""Following a list's page links the way a browser does: by the `rel` of the link, never by building a URL."""

from urllib.parse import parse_qs, urlsplit

import lxml.html


def link(response, rel: str) -> str | None:
    """The href of the page's one link with this rel ("prev", "next"), None when there is none."""
    hrefs = lxml.html.fromstring(response.content.decode()).xpath(f"//nav//a[@rel='{rel}']/@href")
    assert len(hrefs) <= 1, hrefs
    return hrefs[0] if hrefs else None


def follow(client, response, rel: str):
    """The page the `rel` link leads to (the links are relative query strings, as `{% querystring %}` writes)."""
    href = link(response, rel)
    assert href is not None, f"no {rel} link"
    return client.get(response.request["PATH_INFO"] + href)


def query(href: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(href).query)
