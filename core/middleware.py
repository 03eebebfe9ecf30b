from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class KoreanFirstLocaleMiddleware:
    """Korean unless the user chose another language (the language cookie set by set_language).

    Django's LocaleMiddleware would follow the browser's Accept-Language, so staff with an
    English browser would get an English CRM; the agency works in Korean.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response
