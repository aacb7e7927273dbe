from django.urls import path

from greencluster.web.marketplace import cluster_views, views

app_name = "marketplace"
urlpatterns = [
    path("", views.index, name="index"),
    path("listings/", views.listing_list, name="listing_list"),
    path("listings/new/", views.listing_create, name="listing_create"),
    path("listings/classify/", views.classify_partial, name="classify"),
    path("listings/<int:pk>/", views.listing_detail, name="listing"),
    path("listings/<int:pk>/edit/", views.listing_edit, name="listing_edit"),
    path("listings/<int:pk>/status/", views.listing_status, name="listing_status"),
    path("listings/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("listings/<int:pk>/files/<str:kind>/", views.listing_file, name="listing_file"),
    path("listings/<int:pk>/contact/<int:partner_pk>/", views.contact, name="contact"),
    path("deals/", views.deal_list, name="deal_list"),
    path("deals/<int:pk>/", views.deal_detail, name="deal"),
    path("deals/<int:pk>/message/", views.deal_message, name="deal_message"),
    path("deals/<int:pk>/move/", views.deal_move, name="deal_move"),
    path("deals/<int:pk>/realised/", views.deal_realised, name="deal_realised"),
    path("clusters/<slug:slug>/", cluster_views.overview, name="cluster"),
    path(
        "clusters/<slug:slug>/suggestions/", cluster_views.suggestions, name="cluster_suggestions"
    ),
    path("clusters/<slug:slug>/identify/", cluster_views.identify, name="cluster_identify"),
    path("clusters/<slug:slug>/settings/", cluster_views.settings_form, name="cluster_settings"),
    path("clusters/<slug:slug>/import/", cluster_views.listings_import, name="cluster_import"),
    path("clusters/<slug:slug>/deals.<str:fmt>", cluster_views.deals_export, name="cluster_export"),
]
