"""The print service's API: quotes (`POST /quotes`) and print jobs."""

from ninja import Router

router = Router()
