from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from protocol import session_limits
from protocol.visibility import has_party

from . import selectors, services
from .forms import LanguageForm, LoginForm, PeoplePickForm, PortalPasswordResetForm, party_groups

# The language a visitor chose with the switcher before signing in: it wins over the one saved on the account.
CHOSEN_LANGUAGE = "language_chosen_before_sign_in"


class LoginView(auth_views.LoginView):
    template_name = "parties/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        reason = self.request.GET.get(session_limits.REASON_PARAMETER)
        return super().get_context_data(**kwargs, signed_out=session_limits.signed_out_message(reason))

    def form_valid(self, form):
        chosen = self.request.session.get(CHOSEN_LANGUAGE)
        response = super().form_valid(form)
        if chosen:
            services.user_set_language(user=form.get_user(), language=chosen)
            self.request.session.pop(CHOSEN_LANGUAGE, None)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Whether the address is known or not, the same "sent" page follows (Django's behaviour)."""

    form_class = PortalPasswordResetForm
    template_name = "registration/password_reset_form.html"
    subject_template_name = "registration/password_reset_subject.txt"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"


class LogoutView(auth_views.LogoutView):
    """Django's (a POST only), telling the browser to drop what it cached or stored of the signed-in pages
    (ASVS V14.3.1): a shared computer's next user finds nothing in its back button or storage."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"cache", "storage"'
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's: the current password first, the new one through AUTH_PASSWORD_VALIDATORS. Every other session
    of the account ends, as the password's hash it recorded no longer matches; this one is kept
    (update_session_auth_hash)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("dashboard")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Your password is changed. Wherever else you were signed in, you are now signed out.")
        )
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a paused sign-in (AXES_LOCKOUT_CALLABLE): which pause, and for how long."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    context = {"minutes": minutes, "address_locked": getattr(request, "portal_address_locked", False)}
    return render(request, "parties/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


@require_POST
def language_switch(request):
    form = LanguageForm(request.POST)
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = redirect(next_url)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.user_set_language(user=request.user, language=language)
        else:
            # Only a choice made here counts at sign-in; a cookie left by someone else on this browser does not.
            request.session[CHOSEN_LANGUAGE] = language
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@login_required
def people_pick(request):
    """htmx: the staff matching a name, as radios or checkboxes a staff picker adds to its form."""
    form = PeoplePickForm(request.GET)
    if not form.is_valid():
        return HttpResponseBadRequest()
    data = form.cleaned_data
    people = []
    chosen = form.chosen_pks()
    query, among = form.search()
    # An account of no party sees no records, and so no names either.
    if has_party(request.user):
        people = selectors.staff_matching(query, party_id=data["party"], among=among, exclude=chosen)
    context = {
        "groups": party_groups(people),
        "count": len(people),
        "some_chosen": bool(chosen),
        "query": query,
        "field_name": data["field"],
        "input_type": "checkbox" if data["multiple"] else "radio",
    }
    return render(request, "parties/_pick_results.html", context)


@login_required
def help_page(request):
    """Where to turn with a question; the page is the layout and a sentence (bench_pages' floor)."""
    return render(request, "parties/help.html")
