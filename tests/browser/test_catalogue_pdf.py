"""The member catalogue printed to PDF by Chromium: page numbers on every page but the cover,
the contents on the second page, the index of names last."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from matchmaker.extensions import db

pytestmark = pytest.mark.browser


def test_printed_catalogue_has_page_numbers_contents_and_index(
    live_app, page, make_cluster, make_org
):
    cluster = make_cluster(slug="painettu", name="Meriklusteri")
    for n in range(40):
        make_org(
            cluster,
            name=f"Konepaja {n:02d} Oy",
            industries=["28" if n % 2 else "30"],
            description="Koneistus, hitsaus ja kokoonpano meriteollisuudelle. " * 6,
            capabilities="Koneistus\nHitsaus\nKokoonpano",
        )
    db.session.commit()
    page.goto(live_app.config["LIVE_URL"] + f"/clusters/{cluster.slug}/catalogue")
    pdf = PdfReader(io.BytesIO(page.pdf(format="A4", prefer_css_page_size=True)))
    texts = [p.extract_text() for p in pdf.pages]
    total = len(texts)
    assert total >= 5
    assert "1 / " not in texts[0]  # the cover has no number
    for number, text in enumerate(texts[1:], start=2):
        assert f"{number} / {total}" in text, (number, text[:80])
    assert "Contents by industry" in texts[1]
    assert "Manufacture of other transport equipment" in texts[1]
    assert "Index of names" in texts[-1] and "Konepaja 39 Oy" in texts[-1]
