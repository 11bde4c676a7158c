from django.utils.functional import SimpleLazyObject

from gongkai_platform.workspace import menu


def workspace(request):
    """The staff menu, built only when a page shows it (the public portal never does)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"workspace_menu": SimpleLazyObject(lambda: menu.build(user, request.get_full_path()))}
