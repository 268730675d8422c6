"""The whole dataset as Popolo JSON (to be written)."""

from django.http import JsonResponse


def popolo_export(request):
    return JsonResponse({})
