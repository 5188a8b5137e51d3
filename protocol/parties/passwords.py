"""The portal's password rules beyond Django's own validators (AUTH_PASSWORD_VALIDATORS)."""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's, with its error in the portal's catalogue: Django 5.2 changed this msgid and its zh_Hans
    catalogue still has the old one, so a Chinese page said "too short" in English."""

    def get_error_message(self):
        return ngettext(
            "This password is too short: it must have at least %(min_length)d character.",
            "This password is too short: it must have at least %(min_length)d characters.",
            self.min_length,
        ) % {"min_length": self.min_length}


# The words everyone at both bodies knows the portal by: a password spelt from them alone (with digits and
# symbols) is the first an attacker tries here (ASVS V6.2.11), however long it is.
PORTAL_WORDS = (
    "cas", "sipo", "cnipa", "portal", "protocol", "cooperation", "academy", "science", "sciences", "patent",
    "patents", "intellectual", "property", "office", "china", "beijing", "admin", "password",
    "中科院", "中国科学院", "科学院", "国知局", "知识产权局", "国家知识产权局",
    "知识产权", "专利", "门户", "协议", "合作",
)  # fmt: skip


def made_of_words(letters: str, words=PORTAL_WORDS) -> bool:
    """Whether `letters` is nothing but the words, one after another (each may repeat)."""
    ends = {0}
    for end in range(1, len(letters) + 1):
        if any(end - len(word) in ends and letters[end - len(word) : end] == word for word in words):
            ends.add(end)
    return len(letters) in ends


class PortalWordsValidator:
    """Refuses a password whose letters are only the portal's words, "Sipo-Portal-2026!" say: its digits and
    symbols are all that is left to guess."""

    def validate(self, password, user=None):
        letters = "".join(character for character in password.casefold() if character.isalpha())
        if letters and made_of_words(letters):
            raise ValidationError(
                _("This password is made of words everyone knows the portal by (CAS, SIPO, portal, 协议…)."),
                code="password_portal_words",
            )

    def get_help_text(self):
        return _("Your password can't be made of the portal's own words, such as CAS, SIPO or 协议, with digits.")
