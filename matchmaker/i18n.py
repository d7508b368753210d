"""Flask-Babel with the request's translations looked up once per locale.

Flask-Babel (4.0) finds the catalogue on every ``_()``: the request's Babel context three
times, the locale, its identifier string and the process-wide cache; a partner page makes
some 300 calls. Here the translations found are kept on the request's Babel context beside
the locale they are for, and reused while that locale object is the context's: switching
with ``force_locale`` or ``refresh()`` (which replace or drop the locale) finds the catalogue
again, so one process serves fi, en and sv as before.
"""

from __future__ import annotations

import flask_babel
from babel import support
from werkzeug.utils import cached_property

_CACHED = "matchmaker_translations"  # (locale, domain, translations) on the Babel context


class RequestDomain(flask_babel.Domain):
    """A ``Domain`` whose translations are found once per request and locale."""

    def get_translations(self):
        ctx = flask_babel._get_current_context()
        if ctx is None:
            return support.NullTranslations()
        locale = getattr(ctx, "babel_locale", None)
        cached = getattr(ctx, _CACHED, None)
        if cached is not None and locale is not None and cached[0] is locale and cached[1] is self:
            return cached[2]
        translations = super().get_translations()  # sets ctx.babel_locale
        setattr(ctx, _CACHED, (ctx.babel_locale, self, translations))
        return translations


class Babel(flask_babel.Babel):
    """``flask_babel.Babel`` serving its default domain through ``RequestDomain``."""

    @cached_property
    def domain_instance(self):
        return RequestDomain(domain=self.domain)
