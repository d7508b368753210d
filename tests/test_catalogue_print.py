"""The printed member catalogue: members by industry and numbered, a table of contents by
industry, an index of names; the browser prints page numbers (browser/test_catalogue_pdf.py)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

from matchmaker.extensions import db
from matchmaker.presenters import catalogue

PRINT_CSS = Path(__file__).resolve().parents[1] / "matchmaker" / "static" / "css" / "print.css"


def _org(name, *codes):
    return SimpleNamespace(name=name, industry_codes=list(codes))


def test_members_are_grouped_by_section_and_division_and_numbered_in_order():
    orgs = [
        _org("Öljynsiirto Oy", "28"),
        _org("Akseli Oy", "30"),
        _org("Konepaja Oy", "28", "C"),
        _org("Insinööri Oy", "71", "30"),  # C comes before M: filed under its division 30
        _org("Teollisuus Yleinen Oy", "C"),
        _org("Tuntematon Oy"),
        _org("Arkkitehti Oy", "71"),
    ]
    book = catalogue.build(orgs, "fi")
    assert [s.code for s in book.sections] == ["C", "M", catalogue.OTHER]
    manufacturing = book.sections[0]
    assert [g.code for g in manufacturing.groups] == ["C", "28", "30"]
    assert [[e.org.name for e in g.entries] for g in manufacturing.groups] == [
        ["Teollisuus Yleinen Oy"],
        ["Konepaja Oy", "Öljynsiirto Oy"],
        ["Akseli Oy", "Insinööri Oy"],
    ]
    numbers = [e.number for s in book.sections for e in s.entries]
    assert numbers == list(range(1, len(orgs) + 1))
    assert (manufacturing.first, manufacturing.last) == (1, 5)
    assert manufacturing.title == "Teollisuus"
    # The index follows the Finnish alphabet: Ö after the other letters.
    assert [e.org.name for e in book.index][0] == "Akseli Oy"
    assert [e.org.name for e in book.index][-1] == "Öljynsiirto Oy"


def test_catalogue_page_has_contents_by_industry_numbered_entries_and_an_index(
    client, make_cluster, make_org
):
    cluster = make_cluster(slug="luettelo")
    make_org(cluster, name="Potkuri Oy", industries=["30"])
    make_org(cluster, name="Akseli Oy", industries=["28"])
    make_org(cluster, name="Suunnittelu Oy", industries=["71"])
    make_org(cluster, name="Ääniluotain Oy", industries=["26"])
    db.session.commit()
    client.post("/language", data={"locale": "fi"})
    html = client.get(f"/clusters/{cluster.slug}/catalogue").get_data(as_text=True)

    toc = html.split('<nav class="catalogue-toc"', 1)[1].split("</nav>", 1)[0]
    assert "Sisällys toimialoittain" in toc
    assert "Teollisuus" in toc and "Ammatillinen, tieteellinen ja tekninen toiminta" in toc
    assert "Muiden kulkuneuvojen valmistus" in toc and "Nrot 1–3" in toc
    entries = re.findall(
        r'<article class="catalogue-entry" id="entry-(\d+)">\s*<h4>'
        r'<span class="entry-number">(\d+)</span> ([^<]+)</h4>',
        html,
    )
    assert [(n, name) for n, _, name in entries] == [
        ("1", "Ääniluotain Oy"),  # 26
        ("2", "Akseli Oy"),  # 28
        ("3", "Potkuri Oy"),  # 30
        ("4", "Suunnittelu Oy"),  # 71, section M
    ]
    # Every link of the contents and the index leads to an entry or a section on the page.
    targets = set(re.findall(r'id="([^"]+)"', html))
    links = re.findall(r'href="#([^"]+)"', html)
    assert links and all(t in targets for t in links), set(links) - targets

    index = html.split('<section class="catalogue-index"', 1)[1]
    names = re.findall(
        r'<span class="index-name">([^<]+)</span> <span class="index-number">'
        r"(\d+)</span>",
        index,
    )
    assert names == [
        ("Akseli Oy", "2"),
        ("Potkuri Oy", "3"),
        ("Suunnittelu Oy", "4"),
        ("Ääniluotain Oy", "1"),
    ]


def test_print_stylesheet_numbers_the_pages_except_the_cover():
    css = PRINT_CSS.read_text()
    assert re.search(r"@bottom-center\s*\{[^}]*counter\(page\)", css)
    assert re.search(r"@page :first\s*\{\s*@bottom-center\s*\{\s*content: none", css)
    assert ".catalogue-index { break-before: page; }" in css
