"""gunicorn settings for one gongkai app process (`gunicorn -c deploy/gunicorn.conf.py`).

Each machine runs one or more of these behind nginx; they share nothing but PostgreSQL and Redis, so adding a
process or a machine needs no other change. GONGKAI_BIND and GONGKAI_WORKERS override the defaults.
"""

import multiprocessing
import os

wsgi_app = "gongkai_platform.wsgi:application"
bind = os.environ.get("GONGKAI_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GONGKAI_WORKERS", str(multiprocessing.cpu_count() + 1)))
worker_class = "gthread"
threads = int(os.environ.get("GONGKAI_THREADS", "4"))
timeout = 60  # a PDF report renders in about a second; a request still running after a minute is stuck
graceful_timeout = 30
max_requests = 2000  # recycle workers now and then so a slow leak never grows unbounded
max_requests_jitter = 200
accesslog = "-"
errorlog = "-"
forwarded_allow_ips = "127.0.0.1,::1"
control_socket_disable = (
    True  # systemd signals manage the processes; several per machine would share one socket path
)
