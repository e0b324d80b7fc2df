"""API endpoints of billing, mounted at the API root (paths `/invoices…`, `/charges…`,
`/wallet…`). Each endpoint parses input, calls billing's selectors or services, and returns
a schema; refusals are rendered by fabdesk.api's exception handlers."""

from ninja import Router

router = Router()
