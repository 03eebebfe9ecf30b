"""What the programme test modules share: hostile input, reading pages and form errors, and
the messages of a refused service call."""

HOSTILE = "<script>alert('x')</script>"


def form_errors(response, field=None, form="form"):
    errors = response.context[form].errors
    return errors.get(field or "__all__", [])


def content(response) -> str:
    return response.content.decode()


def messages(excinfo) -> list[str]:
    return excinfo.value.messages
