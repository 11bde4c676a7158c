"""Extension point for what must follow a catalogue change, such as keeping a search index in step.

Other apps register a listener in their AppConfig.ready():

    from gongkai_platform.catalogue import hooks
    hooks.connect(update_search_index)      # called as listener(event, item)

Events: "published", "withdrawn", "validity_changed" (with the item), "guide_changed" (with the agency whose
指南 fields changed; listeners that only care about items ignore it). Listeners run inside the transaction of the change, so
an index update and the publication commit or roll back together; a listener that raises aborts the change.
"""

from collections.abc import Callable

Listener = Callable[[str, object], None]
_listeners: list[Listener] = []


def connect(listener: Listener) -> Listener:
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def disconnect(listener: Listener) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def notify(event: str, item) -> None:
    for listener in list(_listeners):
        listener(event, item)
