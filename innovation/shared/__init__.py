"""The shared machinery of the project: documents (the PDF pipeline, exports and their task),
roles and permissions, HTMX helpers, login lockout, system checks, context processors.

It serves every app and imports none of their domain modules: apps register what it needs
(their document builders) from their ``AppConfig.ready()``.
"""
