"""Files kept between two requests (an import's dry run and its confirmation) go to the
default storage, which every app server shares (a common folder, or S3 by setting)."""

from django.core.files.storage import default_storage


class PrefixedStorage:
    """The default storage under a fixed folder; the names the callers use stay short."""

    def __init__(self, prefix: str):
        self.prefix = prefix.strip("/")

    def _name(self, name: str) -> str:
        return f"{self.prefix}/{name}"

    def save(self, name: str, content) -> str:
        return default_storage.save(self._name(name), content)

    def open(self, name: str, mode: str = "rb"):
        return default_storage.open(self._name(name), mode)

    def exists(self, name: str) -> bool:
        return default_storage.exists(self._name(name))

    def size(self, name: str) -> int:
        return default_storage.size(self._name(name))

    def delete(self, name: str) -> None:
        default_storage.delete(self._name(name))
