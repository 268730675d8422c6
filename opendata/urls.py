from django.urls import path

from . import calendar, exports, feeds, views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings.csv", exports.meetings_csv, name="meetings_csv"),
    path("participations.csv", exports.participations_csv, name="participations_csv"),
    path("meetings.ics", calendar.meetings_ics, name="meetings_ics"),
    path("meetings/<slug:slug>.ics", calendar.meeting_ics, name="meeting_ics"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/<slug:slug>/", views.declaration_detail, name="declaration_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("search/", views.search, name="search"),
    path("feeds/meetings/", feeds.LatestMeetingsFeed(), name="feed_meetings"),
    path("feeds/officials/<slug:slug>/", feeds.OfficialMeetingsFeed(), name="feed_official"),
    path("feeds/organisations/<slug:slug>/", feeds.OrganisationMeetingsFeed(), name="feed_organisation"),
    # <slug:>, not <str:>: a code is letters, so a NUL (which PostgreSQL refuses with an
    # error, a 500) or any other odd character is a 404 before the database sees it.
    path("feeds/countries/<slug:code>/", feeds.CountryMeetingsFeed(), name="feed_country"),
]
