"""WSGI entry point (gunicorn greencluster.web.config.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greencluster.web.config.settings")
application = get_wsgi_application()
