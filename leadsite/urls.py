from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from leadsite.core.favicon import FaviconView
from leadsite.signup import views as signup_views

urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
    path("admin/", admin.site.urls),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", signup_views.signup_page, name="signup"),
    path("signup/sent/", signup_views.signup_sent_page, name="signup-sent"),
    path("signup/confirm/<str:token>/", signup_views.signup_confirm_page, name="signup-confirm"),
    path("password-reset/", signup_views.ThrottledPasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("password-reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("password-reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/billing/", include("billing.api.urls")),
    path("api/", include("pipeline.api.urls")),
    path("api/", include("leadsite.core.api_urls")),
    path("v1/", include("enrichment.api.urls")),
    path("v1/", include("pipeline.api.multi_source_urls")),
    path("billing/", include("billing.urls")),
    path("enrichment/", include("enrichment.urls")),
    path("", include("pipeline.urls")),
]

handler400 = "leadsite.core.error_views.bad_request"
handler403 = "leadsite.core.error_views.forbidden"
handler404 = "leadsite.core.error_views.not_found"
handler500 = "leadsite.core.error_views.server_failure"
