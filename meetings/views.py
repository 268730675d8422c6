"""Public pages for meetings and declarations (placeholders until the public site lands)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Declaration, Meeting, Source


def _placeholder(title):
    return HttpResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1>")


def home(request):
    return _placeholder("ACCSM Records")


def meeting_list(request):
    return _placeholder("Meetings")


def meeting_detail(request, slug):
    return _placeholder(get_object_or_404(Meeting, slug=slug).name)


def declaration_list(request):
    return _placeholder("Declarations")


def declaration_detail(request, slug):
    return _placeholder(get_object_or_404(Declaration, slug=slug).title)


def source_detail(request, slug):
    return _placeholder(get_object_or_404(Source, slug=slug).headline)


def search(request):
    return _placeholder("Search")
