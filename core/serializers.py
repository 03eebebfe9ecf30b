"""The backup's serialization format: Django's JSON, but moments keep their microseconds.

Django's JSON encoder cuts times to milliseconds (ECMAScript style); a restored row would then
differ from the original, and an access record's hash would no longer match.
"""

import datetime

from django.core.serializers import json as django_json
from django.core.serializers.json import DjangoJSONEncoder


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(django_json.Serializer):
    def _init_options(self):
        self.options.setdefault("cls", ExactEncoder)
        super()._init_options()


Deserializer = django_json.Deserializer
