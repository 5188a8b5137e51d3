"""One way to write a date per language, everywhere (lists, details, e-mails, PDFs): FORMAT_MODULE_PATH.

Django's own English formats mix "Dec. 1, 2026" and the US "12/01/2026"; its Chinese ones pad with zeros.
Input formats are left to Django's locale modules (the date pickers send ISO dates)."""
