"""The grid's image steps against OpenCV's own answers and drawn pages whose rules are known."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gongkai.parsers.scan import grid, prepare

# ---------------------------------------------------------------- components

shapes = st.lists(
    st.tuples(
        st.sampled_from(["box", "ring", "line", "dot"]),
        st.integers(0, 119),  # x
        st.integers(0, 79),  # y
        st.integers(1, 60),  # width
        st.integers(1, 40),  # height
    ),
    max_size=25,
)


def drawn(items) -> np.ndarray:
    """A mask of boxes, rings (a component with a hole, often something inside it), lines and dots, some of
    them touching the image's edges or each other."""
    mask = np.zeros((80, 120), np.uint8)
    for kind, x, y, w, h in items:
        if kind == "box":
            cv2.rectangle(mask, (x, y), (x + w, y + h), 255, -1)
        elif kind == "ring":
            cv2.rectangle(mask, (x, y), (x + w, y + h), 255, 1)
        elif kind == "line":
            cv2.line(mask, (x, y), (x + w, y + h // 4), 255, 1)
        else:
            mask[y, x] = 255
    return mask


@settings(max_examples=300, deadline=None)
@given(shapes)
def test_components_are_opencvs_labels_and_boxes(items):
    mask = drawn(items)
    count, labels, boxes = grid._components(mask)
    expected_count, expected_labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    assert count == expected_count
    assert (labels == expected_labels).all()
    assert (boxes[1:] == stats[1:, :4]).all()


def test_components_of_nested_rings():
    mask = np.zeros((60, 60), np.uint8)
    for margin in (0, 6, 12, 18):  # rings inside each other's holes, the outer one on the image's edge
        cv2.rectangle(mask, (margin, margin), (59 - margin, 59 - margin), 255, 1)
    mask[30, 30] = 255
    count, _, boxes = grid._components(mask)
    assert count == 6  # the paper, four rings and the dot
    assert sorted(map(tuple, boxes[1:].tolist())) == [
        (0, 0, 60, 60),
        (6, 6, 48, 48),
        (12, 12, 36, 36),
        (18, 18, 24, 24),
        (30, 30, 1, 1),
    ]


# ---------------------------------------------------------------- vertical rules


def test_only_vertical_runs_between_two_rules_or_long_ones_are_borders():
    pt = 2.0  # px per point
    horizontal = np.zeros((400, 300), np.uint8)
    horizontal[100:103, 10:290] = 255
    horizontal[200:203, 10:290] = 255
    vertical = np.zeros_like(horizontal)
    vertical[100:203, 10:13] = 255  # a border from rule to rule
    vertical[120:180, 100:103] = 255  # a stroke floating in the cell (丨 in 件)
    vertical[101:160, 150:153] = 255  # a stroke from the upper rule that stops short of the lower
    vertical[210:340, 200:203] = 255  # 65 pt long, touching no rule: a rule whose ends are broken off
    kept = grid._between(vertical, horizontal, pt)
    assert kept[100:203, 10:13].all() and kept[210:340, 200:203].all()
    assert not kept[120:180, 100:103].any() and not kept[101:160, 150:153].any()
    assert not kept[vertical == 0].any()


# ---------------------------------------------------------------- grey


def _jpeg(image: Image.Image, orientation: int | None) -> Image.Image:
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=95)
    return Image.open(io.BytesIO(out.getvalue()))


@pytest.mark.parametrize(
    "orientation, shape", [(None, (40, 100)), (1, (40, 100)), (6, (100, 40)), (8, (100, 40))]
)
def test_a_photo_taken_turned_is_turned_back_by_its_exif(orientation, shape):
    page = Image.new("RGB", (100, 40), "white")
    page.paste((0, 0, 0), (0, 0, 10, 10))  # a black corner, to see where it ends up
    grey = prepare._grey(_jpeg(page, orientation))
    assert grey.shape == shape
    corner = {None: (0, 0), 1: (0, 0), 6: (0, 39), 8: (99, 0)}[orientation]
    assert grey[corner] < 60
