"""motcua's URLs plus one bare Django JSON view, the baseline of bench_lookup.py: a request
through the same server, middleware and client that does nothing but answer a small JSON."""

from django.http import JsonResponse
from django.urls import path

from motcua.urls import urlpatterns as motcua_urlpatterns


def bare(request):
    return JsonResponse({"code": "000.00.06.H56-231027-0361", "status": "received"})


urlpatterns = [path("bench/bare", bare), *motcua_urlpatterns]
