"""Create the configured PostgreSQL database if the server is up and the database is missing."""

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from psycopg import sql


class Command(BaseCommand):
    help = "Check that PostgreSQL answers and create the database named in DATABASE_URL."
    # It runs before the database exists: system checks (a GeneratedField check connects to
    # the database) would fail on exactly the machine this command is for.
    requires_system_checks = []

    def handle(self, *args, **options):
        db = settings.DATABASES["default"]
        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "connect_timeout": 3,
        }
        params = {key: value for key, value in params.items() if value is not None}
        try:
            with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
                exists = conn.execute(
                    "SELECT 1 FROM pg_database WHERE datname = %s", [db["NAME"]]
                ).fetchone()
                if not exists:
                    conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db["NAME"])))
                    self.stdout.write(f"Created database {db['NAME']}.")
        except psycopg.OperationalError as error:
            raise CommandError(
                f"PostgreSQL is not reachable at {db.get('HOST')}:{db.get('PORT')} "
                f"({error}). Start it, or point DATABASE_URL at a server, e.g. "
                "DATABASE_URL=postgres://user:password@host:5432/samskab"
            ) from error
