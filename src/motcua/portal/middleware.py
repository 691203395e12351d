class VietnameseFirstMiddleware:
    """Pages are Vietnamese unless the user chose English with the language switch (a cookie).

    A browser's Accept-Language is ignored on pages: counter PCs and citizens' phones often
    run English browsers, and a Vietnamese public service must not change language by
    accident. The API still honours Accept-Language, the standard way for a client to ask.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
