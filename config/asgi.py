import os

from django.core.asgi import get_asgi_application

from config.warm import warm_up_web_process

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
warm_up_web_process()
