from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.home, name="home"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("declarations/", views.declaration_list, name="declaration_list"),
    path("declarations/<slug:slug>/", views.declaration_detail, name="declaration_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("search/", views.search, name="search"),
]
