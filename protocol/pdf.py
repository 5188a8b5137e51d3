"""PDFs the areas print (approved minutes, a research project's summary): HTML from their own templates.

The HTML is the portal's template and the record's own text, escaped or sanitised: it never needs to fetch
anything, so WeasyPrint may not (no file, no URL: nothing a text could point it at)."""

import weasyprint

NO_FETCHING = weasyprint.URLFetcher(allowed_protocols=())


def html_to_pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html, url_fetcher=NO_FETCHING).write_pdf()
