"""Sign-up pages: the form, "check your inbox", and the confirmation link."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.views import PasswordResetView
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from leadsite.core.exceptions import ApplicationError

from .forms import SignupForm
from .services import signup_confirm, signup_start
from .throttle import mail_request_allowed


@require_http_methods(["GET", "POST"])
def signup_page(request):
    if not settings.SIGNUP_ENABLED:
        raise Http404("Sign-up is closed.")
    if request.user.is_authenticated:
        return redirect("pages:batches")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not mail_request_allowed(kind="signup", client=request.META.get("REMOTE_ADDR", "")):
            messages.error(request, "Too many sign-ups from your network in the last hour; please try again later.")
            return redirect("signup")
        signup_start(
            organization_name=form.cleaned_data["organization"],
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password"],
            confirm_url=lambda token: request.build_absolute_uri(reverse("signup-confirm", args=[token])),
            reset_url=request.build_absolute_uri(reverse("password_reset")),
        )
        request.session["signup_email"] = form.cleaned_data["email"].strip().lower()
        return redirect("signup-sent")
    return render(request, "registration/signup.html", {"form": form, "free_credits": settings.SIGNUP_FREE_CREDITS})


def signup_sent_page(request):
    return render(request, "registration/signup_sent.html", {"email": request.session.get("signup_email", "")})


def signup_confirm_page(request, token: str):
    try:
        user, confirmed = signup_confirm(token=token)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("login")
    if not confirmed:
        messages.info(request, "This address is already confirmed: log in with your password.")
        return redirect("login")
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    messages.success(request, f"Your address is confirmed. {settings.SIGNUP_FREE_CREDITS} free credits are on "
                              "your account: upload a file to qualify your first leads.")
    return redirect("pages:upload")


class ThrottledPasswordResetView(PasswordResetView):
    """Django's password reset, with the same hourly cap on the emails one client can trigger."""

    def form_valid(self, form):
        if not mail_request_allowed(kind="password-reset", client=self.request.META.get("REMOTE_ADDR", "")):
            messages.error(self.request, "Too many reset requests from your network; please try again later.")
            return redirect("password_reset")
        return super().form_valid(form)
