"""Following a list's page links the way a browser does: by the `rel` of the link, never by building a URL."""

from urllib.parse import parse_qs, urlsplit

import lxml.html
from django.contrib.messages import get_messages


def messages_of(response) -> list[str]:
    """The messages the request left for the reader ("Activity confirmed."), rendered or still waiting."""
    return [str(message) for message in get_messages(response.wsgi_request)]


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


def list_tables(response) -> list:
    return lxml.html.fromstring(response.content.decode()).xpath("//main//table")


def assert_stacks_on_a_phone(table) -> None:
    """A list table stacks into labelled cards on a phone (static/css/portal.css `.table-stack`): each cell
    but the first (the title, which leads the card) carries its column's heading as data-label."""
    assert "table-stack" in table.get("class").split()
    headings = [" ".join(th.text_content().split()) for th in table.xpath("./thead/tr/th")]
    visible = [heading if not th.xpath(".//*[contains(@class, 'visually-hidden')]") else None
               for heading, th in zip(headings, table.xpath("./thead/tr/th"), strict=True)]  # fmt: skip
    rows = table.xpath("./tbody/tr")
    assert rows
    for row in rows:
        labels = [cell.get("data-label") for cell in row.xpath("./td")]
        # A column whose heading is hidden (the "mark as done" form) needs no label.
        assert labels == [None, *visible[1:]]
