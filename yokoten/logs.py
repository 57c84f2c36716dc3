"""One JSON object a line: the formatter production's logs and gunicorn's share
(yokoten/settings/production.py, deploy/gunicorn.conf.py)."""

JSON_FORMATTER = {
    "()": "pythonjsonlogger.json.JsonFormatter",
    "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
    "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
}
