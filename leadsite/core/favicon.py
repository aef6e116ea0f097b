"""/favicon.ico for pages that do not link the icon (the admin, raw files): the site's SVG icon."""

from django.templatetags.static import static
from django.views.generic.base import RedirectView


class FaviconView(RedirectView):
    permanent = False

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static("img/favicon.svg")
