"""The events API (built by the staff/API increment): mounted at the API root, paths
`/events…`."""

from ninja import Router

router = Router()
