"""Rate limits (Flask-Limiter): memory storage on one machine, Redis when configured."""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address, headers_enabled=True)
