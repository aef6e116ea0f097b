from django.urls import path

from .api_views import TokenDetailApi, TokenListApi

urlpatterns = [
    path("tokens", TokenListApi.as_view(), name="api-tokens"),
    path("tokens/<int:token_id>", TokenDetailApi.as_view(), name="api-token"),
]
