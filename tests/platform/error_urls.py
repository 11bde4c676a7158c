"""The platform's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from gongkai_platform.urls import urlpatterns as platform


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*platform, path("boom/", boom)]
