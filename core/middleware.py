from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.defaults import page_not_found


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


class ProductErrorPagesMiddleware:
    """With DEBUG on (`make run`, the demo a newcomer sees), a missing page is still the
    product's own 404 page, not Django's debug page; DJANGO_TECHNICAL_ERRORS=true brings the
    debug page back for developers. A refused page (403) is the product's page in any case, and
    with DEBUG off Django renders templates/404.html itself.

    Last in MIDDLEWARE, so CommonMiddleware still redirects /companies to /companies/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _product_pages_in_debug():
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as exc:
                return page_not_found(request, exc)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and _product_pages_in_debug():
            return page_not_found(request, exception)
        return None


def _product_pages_in_debug() -> bool:
    return settings.DEBUG and not settings.TECHNICAL_ERRORS
