"""Serializer fields stricter than DRF's defaults."""

from rest_framework import serializers

_KINDS = {dict: "an object", list: "a list", type(None): "null"}


class StrictCharField(serializers.CharField):
    """A text field that refuses numbers, booleans, lists and objects instead of turning them into text
    (DRF's CharField reads `{"email": 5}` as "5")."""

    default_error_messages = {"not_text": "Must be a string, not {kind}."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("not_text", kind=_KINDS.get(type(data), type(data).__name__))
        return super().to_internal_value(data)
