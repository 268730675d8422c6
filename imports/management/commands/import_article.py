"""Analyse one article and print what it proposes; with --accept, record it all as drafts.

    python manage.py import_article FILE [--html] [--headline H] [--publisher P] [--date YYYY-MM-DD]
        [--url U] [--json] [--accept]

FILE is the article's text (UTF-8), or with --html a saved web page, whose text, headline, site name,
date and address are read from it unless given. "-" reads standard input. Without --accept nothing is
changed or stored. With --accept the analysis is stored (imports.ArticleImport and its proposals) and
every proposal is accepted (imports/accepting.py): draft meetings and declarations, new officials and
organisations, participations, outcomes, chair terms, each fact cited to the article's source with its
sentence; a proposal that cannot be accepted as it stands (a meeting whose year is not printed) stays
stored for review, and the reason is printed. Officials, organisations and chair terms have no draft
status, and what is attached to or filled into a published meeting or declaration (an outcome, a
participation, a declaration's link, a date) shows with it: each such one accepted is public at once,
and the output says so ("PUBLIC NOW"; "public" in --json, "draft" for the drafts). Bad
input (empty, too long, binary, HTML given as text, not English) stops with the reason and exit status 1.

--json prints one JSON object, the format the evaluation and the review build on (README, "Article
imports"):

    {"source": {"headline", "publisher", "published": "YYYY-MM-DD" | null, "url",
                "known": null | {"slug", "why": "same URL" | "same text" | "same headline and publisher"}},
     "proposals": [{"id": "p1", "kind", "text", "sentence", "start", "end", "values", "match", "conflicts"}],
     "accepted": [{"id", "record", "public", "draft"}], "not_accepted": [{"id", "why"}]}  (with --accept only)
"""

import datetime
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError

from imports.accepting import PUBLIC_AT_ONCE, accept_all, is_public_at_once
from imports.analysis import analyse
from imports.extract import ArticleRejected, html_article, plain_article
from imports.models import store_analysis
from meetings.models import PublicationStatus


class Command(BaseCommand):
    help = "Analyse a news article and print the records it proposes; --accept records them as drafts."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The article's text, or a saved web page with --html; - for stdin.")
        parser.add_argument("--html", action="store_true", help="FILE is a saved web page.")
        parser.add_argument("--headline", default="")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--date", default="", help="The publication date, YYYY-MM-DD.")
        parser.add_argument("--url", default="")
        parser.add_argument("--json", action="store_true", help="Print the proposals as JSON.")
        parser.add_argument("--accept", action="store_true", help="Accept every proposal (draft records).")

    def handle(self, *args, **options):
        published = None
        if options["date"]:
            try:
                published = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date {options['date']!r} is not a date written YYYY-MM-DD.") from error
        raw = self.read(options["file"])
        metadata = {
            "headline": options["headline"],
            "publisher": options["publisher"],
            "published": published,
            "url": options["url"],
        }
        started = time.perf_counter()
        try:
            article = html_article(raw, **metadata) if options["html"] else plain_article(raw, **metadata)
        except ArticleRejected as error:
            raise CommandError(str(error)) from error
        analysis = analyse(article)
        elapsed = time.perf_counter() - started
        result = analysis.as_json()
        if options["accept"]:
            stored = store_analysis(analysis, was_html=options["html"])
            accepted, refused = accept_all(stored)
            result["accepted"] = [
                {
                    "id": key,
                    "record": str(record),
                    "public": is_public_at_once(record),
                    "draft": getattr(record, "status", None) == PublicationStatus.DRAFT,
                }
                for key, record in accepted
            ]
            self.public_labels = {
                key: "PUBLIC NOW (no draft status)"
                if isinstance(record, PUBLIC_AT_ONCE)
                else "PUBLIC NOW (part of a published record)"
                for key, record in accepted
            }
            result["not_accepted"] = [{"id": key, "why": why} for key, why in refused]
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.print_text(result, elapsed)

    def read(self, path):
        try:
            if path == "-":
                return sys.stdin.buffer.read()
            with open(path, "rb") as handle:
                return handle.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from error

    def print_text(self, result, elapsed):
        source = result["source"]
        self.stdout.write(
            f"{source['headline'] or '(no headline)'} — {source['publisher'] or '(no publisher)'}"
        )
        if source["known"]:
            known = source["known"]
            self.stdout.write(
                f"Already recorded as source {known['slug']} ({known['why']}): only what is new follows."
            )
        for proposal in result["proposals"]:
            match = proposal["match"]
            found = f"= {match['slug']} ({match['score']:.0f}: {match['why']})" if match else "new"
            self.stdout.write(f"{proposal['id']:>4} {proposal['kind']:<15} {proposal['text'][:70]!r} {found}")
            shown = {k: v for k, v in proposal["values"].items() if k != "text"}
            self.stdout.write(f"       {json.dumps(shown, ensure_ascii=False)}")
            for conflict in proposal["conflicts"]:
                self.stdout.write(
                    f"       CONFLICT {conflict['field']}: recorded {conflict['recorded']}, "
                    f"the article says {conflict['proposed']}"
                )
        for item in result.get("accepted", []):
            state = self.public_labels[item["id"]] if item["public"] else ("draft" if item["draft"] else "")
            self.stdout.write(f"accepted {item['id']}: {item['record']}" + (f" — {state}" if state else ""))
        for item in result.get("not_accepted", []):
            self.stdout.write(f"NOT accepted {item['id']}: {item['why']}")
        self.stdout.write(f"{len(result['proposals'])} proposals in {elapsed * 1000:.0f} ms.")
