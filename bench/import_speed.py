"""How fast an article is analysed (imports/analysis.py): prints figures, asserts nothing.

    DJANGO_DEBUG=1 .venv/bin/python bench/import_speed.py [--repeat N]

Analyses a 10,000-character article made of the seed articles (../shared/seeds, when present) and an
article written here, against whatever database DATABASE_URL names (load the fixture for the case
with records to match), and prints the median and worst time of the whole analysis, of reading the
records (the Catalogue), and of splitting sentences alone.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accsm.settings")

import django  # noqa: E402

django.setup()

from imports.analysis import analyse  # noqa: E402
from imports.extract import plain_article  # noqa: E402
from imports.matching import Catalogue  # noqa: E402
from imports.sentences import split_sentences  # noqa: E402

TARGET_CHARACTERS = 10_000
OWN_ARTICLE = (
    "Vientiane (KPL) – The 8th SOM+3 was held on 5–7 August 2024 in Vientiane as part of the 24th ASEAN "
    "Conference on Civil Service Matters (ACCSM 24). Lao Minister of Home Affairs Dr Vilay Phommachanh "
    "chaired the meeting, which officials from every member state attended in person. Dato' Sri Aminah "
    "Yusof, Director General of the Public Service Department of Malaysia, said the regional e-learning "
    "portal would open next year. The officials agreed to report on the portal at the next meeting."
)


def article_text():
    seeds = sorted((ROOT.parent / "shared" / "seeds").glob("0*.txt"))
    parts = [path.read_text() for path in seeds] + [OWN_ARTICLE]
    text = ""
    while len(text) < TARGET_CHARACTERS:
        text += "\n\n".join(parts) + "\n\n"
    return text[:TARGET_CHARACTERS].rsplit(".", 1)[0] + "."


def timed(function, repeat):
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return result, times


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    repeat = parser.parse_args().repeat
    text = article_text()
    article = plain_article(text, headline="Benchmark", publisher="Benchmark")
    analysis, whole = timed(lambda: analyse(article), repeat)
    _, catalogue = timed(Catalogue, repeat)
    sentences, splitting = timed(lambda: split_sentences(article.text), repeat)
    print(f"article: {len(article.text):,} characters, {len(sentences)} sentences")
    print(f"proposals: {len(analysis.proposals)} ({sum(1 for p in analysis.proposals if p.match)} linked)")
    figures = (("whole analysis", whole), ("reading the records", catalogue), ("sentences", splitting))
    for label, times in figures:
        median, worst = statistics.median(times) * 1000, max(times) * 1000
        print(f"{label:>20}: median {median:8.1f} ms, worst {worst:8.1f} ms")


if __name__ == "__main__":
    main()
