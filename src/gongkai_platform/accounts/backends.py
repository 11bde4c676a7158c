from axes.backends import AxesStandaloneBackend


class ThrottleBackend(AxesStandaloneBackend):
    """Axes' lock check for web logins. A call without a request (server-side code, `manage.py shell`) has no
    client to throttle, so it is left to the next backend instead of being refused."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
