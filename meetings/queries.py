"""Queries of people's records that reach into meetings: an official with the meetings they
took part in, a country with the bodies it chaired.

They live here rather than on the people querysets because people/ sits below
meetings/ and never imports from it.
"""

from django.db.models import Prefetch

from .models import Chairmanship, Participation

# An official's page lists this many of their latest meetings; the meeting list
# filtered by the official has them all.
LATEST_MEETINGS_SHOWN = 50


def _participations_newest_first():
    return Participation.objects.public().order_by("-meeting__start_date", "-pk")


def officials_with_meetings(officials):
    """Officials with their aliases, posts and every published meeting they took part in, newest first."""
    return officials.with_list_data().prefetch_related(
        "aliases", Prefetch("participations", queryset=_participations_newest_first())
    )


def officials_with_latest_meetings(officials):
    """What an official's page shows: the latest meetings only, in ``latest_participations``.

    One participation more than is shown tells whether there are others,
    without counting them; an official at hundreds of meetings over the years
    made a page of hundreds of entries.
    """
    latest = _participations_newest_first()[: LATEST_MEETINGS_SHOWN + 1]
    return officials.with_list_data().prefetch_related(
        "aliases", Prefetch("participations", queryset=latest, to_attr="latest_participations")
    )


def countries_with_chairs(countries):
    """Countries with the bodies each chaired, and where each term was handed over."""
    chairs = Chairmanship.objects.select_related("organisation", "handed_over_at")
    return countries.prefetch_related(Prefetch("chairmanships", queryset=chairs))
