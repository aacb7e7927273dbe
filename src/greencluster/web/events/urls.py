from django.urls import path

from greencluster.web.events import partnering_views as p
from greencluster.web.events import views

app_name = "events"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.event_create, name="create"),
    path("figures/", views.figures, name="figures"),
    path("figures.<str:fmt>", views.figures_export, name="figures_export"),
    path("registration/<str:token>/", views.guest, name="guest"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/edit/", views.event_edit, name="edit"),
    path("<slug:slug>/publish/", views.event_publish, name="publish"),
    path("<slug:slug>/cancel-event/", views.event_cancel, name="cancel_event"),
    path("<slug:slug>/register/", views.register, name="register"),
    path("<slug:slug>/cancel/", views.registration_cancel, name="cancel"),
    path("<slug:slug>/event.ics", views.event_ics, name="ics"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path(
        "<slug:slug>/registrations/<int:registration_id>/attendance/",
        views.attendance,
        name="attendance",
    ),
    path(
        "<slug:slug>/registrations/<int:registration_id>/table/", p.fixed_table, name="fixed_table"
    ),
    path("<slug:slug>/profile/", p.profile, name="profile"),
    path("<slug:slug>/partners/", p.partners, name="partners"),
    path("<slug:slug>/partners/<int:registration_id>/mark/", p.mark, name="mark"),
    path("<slug:slug>/requests/", p.requests, name="requests"),
    path("<slug:slug>/invitations/<int:invitation_id>/answer/", p.answer, name="answer"),
    path("<slug:slug>/requests/<int:request_id>/withdraw/", p.withdraw, name="withdraw"),
    path("<slug:slug>/agenda/", p.agenda, name="agenda"),
    path("<slug:slug>/agenda.ics", p.agenda_ics, name="agenda_ics"),
    path("<slug:slug>/agenda.pdf", p.agenda_download_pdf, name="agenda_pdf"),
    path("<slug:slug>/meetings/<int:meeting_id>/", p.meeting, name="meeting"),
    path("<slug:slug>/meetings/<int:meeting_id>/cancel/", p.meeting_cancel, name="meeting_cancel"),
    path("<slug:slug>/meetings/<int:meeting_id>/lock/", p.lock, name="lock"),
    path("<slug:slug>/schedule/", p.schedule, name="schedule"),
    path("<slug:slug>/tables/", p.tables, name="tables"),
]
