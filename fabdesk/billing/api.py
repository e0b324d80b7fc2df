"""API endpoints of billing, mounted at the API root (paths `/invoices…`, `/charges…`,
`/wallet…`). Each endpoint parses input, calls billing's selectors or services, and returns
a schema; refusals are rendered by fabdesk.api's exception handlers."""

from ninja import Router

router = Router()

# B2: invoices, their PDFs and payments, charges, the wallet (members and staff).
from .api_views import router as invoices_router  # noqa: E402

router.add_router("", invoices_router)
