"""Public pages for officials, organisations and countries (placeholders until the public site lands)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from .models import Country, Official, Organisation


def _placeholder(title):
    return HttpResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1>")


def official_list(request):
    return _placeholder("Officials")


def official_detail(request, slug):
    return _placeholder(get_object_or_404(Official, slug=slug).name)


def organisation_list(request):
    return _placeholder("Organisations")


def organisation_detail(request, slug):
    return _placeholder(get_object_or_404(Organisation, slug=slug).name)


def country_list(request):
    return _placeholder("Countries")


def country_detail(request, code):
    return _placeholder(get_object_or_404(Country, code=code.upper()).name)
