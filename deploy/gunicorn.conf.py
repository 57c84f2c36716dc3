"""gunicorn for Yokoten, behind nginx (deploy/nginx/): ``gunicorn -c deploy/gunicorn.conf.py``.

Sync workers are right here because nginx buffers every request and response: a
worker only ever talks to nginx over the loopback, never to a slow client.
Without nginx in front, two slow clients hold two sync workers until ``timeout``.
"""

import multiprocessing
import os

from yokoten.logs import JSON_FORMATTER

wsgi_app = "yokoten.wsgi"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One sync worker per core and one more: a render is Python on the CPU, so a worker
# beyond that only shares a core with another, and each slow render (a page read for
# the first time) takes that much longer while the quick ones wait behind it. On the
# bench (make bench, mixed phase: 2 cores with PostgreSQL, Redis and the load beside
# gunicorn) the p99 of the reads beside one write a second was 103 ms with 4 workers
# and 68 ms with 3, at more requests a second; 239 ms with 8. Where the database
# is on machines of its own and the workers spend longer waiting on it, measure a
# higher GUNICORN_WORKERS under your own load.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
timeout = 30
graceful_timeout = 20
# A leak cannot grow for ever: each worker is replaced after 5,000 to 10,000 requests,
# spread wide so that no two go together (with 2,000 + up to 200, all four went
# within a second under load; while Python still tore down their heaps, for about
# two seconds, none answered: see worker_exit).
max_requests = 5000
max_requests_jitter = 5000
control_socket_disable = True  # gunicorn's control socket: not used here
# The master imports and warms the site once (yokoten/warmup.py) and each worker is
# forked from it, so a worker restarted after max_requests answers at full speed at
# once. Code changes therefore need a restart, not a HUP.
preload_app = True
forwarded_allow_ips = "127.0.0.1,::1"  # trust X-Forwarded-Proto from nginx only
accesslog = "-"
# gunicorn's default line and the time the worker took, in milliseconds (what to look
# for when a page is slow: the request's own render, not its wait in the queue).
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'


def when_ready(server):
    """In the master, after the site was imported and before any worker is forked."""
    from yokoten.warmup import warm_up

    warm_up()


def worker_exit(server, worker):
    """In a worker that is done: close its connections, flush the logs and end at
    once. Python's own teardown of a worker's whole heap took about two seconds, in
    which the worker no longer answered and the master had not yet replaced it."""
    import logging

    from django.db import connections

    connections.close_all()
    logging.shutdown()
    os._exit(0)


# One JSON object a line, like the site's own logs (yokoten/settings/production.py).
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
