"""The REST API: one NinjaAPI at /api/v1/ mounting each app's router."""

from ninja import NinjaAPI

api = NinjaAPI(title="Fabdesk API", version="1", urls_namespace="api-1")
