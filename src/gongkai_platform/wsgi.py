"""WSGI entry point: `gunicorn gongkai_platform.wsgi` in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_platform.settings")
application = get_wsgi_application()
