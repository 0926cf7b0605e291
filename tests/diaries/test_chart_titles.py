"""Charts draw any display name literally: no mathtext, no TeX, no 500."""

from __future__ import annotations

import dataclasses
import io
import warnings
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from diaries.charts import symptoms_chart, walking_chart
from tests.conftest import Cast, ClientFor
from tests.diaries.helpers import make_entries
from tests.diaries.test_charts import chart_input

HOSTILE_NAMES = [
    pytest.param("$$", id="empty-math"),
    pytest.param("Jane $x^$ Doe", id="broken-math"),
    pytest.param(r"$\frac{1}{0}$ $\undefinedcommand$", id="tex-commands"),
    pytest.param("C:\\Users\\jane\\", id="backslashes"),
    pytest.param("jane_doe__x_", id="underscores"),
    pytest.param("100% 50%s %(name)s", id="percent"),
    pytest.param("{} {0} {{}} }{", id="braces"),
    pytest.param("Jane \U0001f9b4\U0001f600 Doe", id="emoji"),
    pytest.param("\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 \u202eevil", id="rtl"),
    pytest.param("$a$ \\ _b_ % {c} \U0001f600 \u05e9", id="everything"),
]


def _check_bytes(data: bytes, fmt: str) -> None:
    if fmt == "png":
        assert data.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            assert image.size == (1200, 800)
    else:
        assert ET.fromstring(data).tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.parametrize("fmt", ["png", "svg"])
@pytest.mark.parametrize("chart", [symptoms_chart, walking_chart], ids=["symptoms", "walking"])
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_it_draws_any_title_literally(chart: object, fmt: str, name: str) -> None:
    data = dataclasses.replace(chart_input(), title=f"{name} - symptoms")
    with warnings.catch_warnings():
        # Fonts without emoji glyphs warn and draw a box; that is acceptable, a crash is not.
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        assert callable(chart)
        _check_bytes(chart(data, fmt), fmt)


def test_a_dollar_title_is_not_typeset_as_math() -> None:
    """With mathtext off, "$a$" draws its dollars, so it differs from the title "a"."""
    literal = symptoms_chart(dataclasses.replace(chart_input(), title="$a$"), "svg")
    plain = symptoms_chart(dataclasses.replace(chart_input(), title="a"), "svg")
    assert literal != plain
    # The bold title font's "$" glyph (index 7 in DejaVu Sans Bold) is drawn; mathtext
    # would have eaten the dollars and set an italic "a" instead.
    assert b'id="DejaVuSans-Bold-7"' in literal
    assert b'id="DejaVuSans-Bold-7"' not in plain
    assert b"Oblique" not in literal


@pytest.mark.parametrize("path", ["symptoms.png", "symptoms.svg", "walking.png", "walking.svg"])
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_the_chart_api_answers_200_for_any_display_name(
    cast: Cast, client_for: ClientFor, path: str, name: str
) -> None:
    cast.alice.display_name = name
    cast.alice.save(update_fields=["display_name"])
    make_entries(cast.alice, 20)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        response = client_for(cast.carol).get(f"/api/v1/patients/{cast.alice.pk}/charts/{path}")
    assert response.status_code == 200
    _check_bytes(response.content, path.rsplit(".", 1)[1])
