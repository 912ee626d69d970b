"""The reference app: microjob behind a FastAPI service, with sign-in, signed webhooks, a
database and the operator console. Start from ``refapp.main.create_app``."""
