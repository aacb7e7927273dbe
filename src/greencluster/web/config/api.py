"""The JSON API: one NinjaAPI, routers from the apps, OpenAPI document at /api/docs."""

from greencluster.web.common.api import DocumentedAPI
from greencluster.web.events.api import router as events_router
from greencluster.web.heat.api import router as heat_router
from greencluster.web.impact.api import router as impact_router
from greencluster.web.knowledge.api import router as knowledge_router
from greencluster.web.marketplace.api import router as marketplace_router
from greencluster.web.network.api import router as network_router
from greencluster.web.registry.api import router as registry_router

api = DocumentedAPI(
    title="GreenCluster API",
    version="1",
    description=(
        "Clusters, mini-clusters, organisations and sites. Reads: anonymous, session or "
        "`Authorization: Bearer <token>`; writes need a token. Confidential figures are null "
        "unless the caller may see them."
    ),
    urls_namespace="api",
    docs_url="/docs",
)
api.add_router("/", registry_router)
api.add_router("/heat", heat_router)
api.add_router("/", impact_router)
api.add_router("/", knowledge_router)
api.add_router("/marketplace", marketplace_router)
api.add_router("/events", events_router)
api.add_router("/network", network_router)
