"""The printed grids tile their tables exactly and place every cell id of the format once."""

from __future__ import annotations

import pytest

from gongkai.renderers.layout import grids
from gongkai.standard.formats import FORMATS


@pytest.mark.parametrize("format_id", sorted(FORMATS))
def test_grids_tile_without_gaps_or_overlaps_and_hold_every_cell_once(format_id):
    spec = FORMATS[format_id]
    placed = []
    for section in (2, 3, 4):
        for grid in grids(spec, section):
            covered = [[0] * grid.n_cols for _ in range(grid.n_rows)]
            for s in grid.slots:
                for r in range(s.row, s.row + s.rowspan):
                    for c in range(s.col, s.col + s.colspan):
                        covered[r][c] += 1
            assert all(n == 1 for row in covered for n in row), grid.key
            assert len(grid.widths) == grid.n_cols
            placed += [s.cell_id for s in grid.slots if s.cell_id]
    assert placed == list(spec.cell_ids)


def test_every_row_label_of_table_three_is_printed_next_to_its_values():
    for spec in FORMATS.values():
        (grid,) = grids(spec, 3)
        table = spec.tables_in(3)[0]
        rows = grid.rows()
        for i, row in enumerate(table.rows):
            line = rows[grid.head + i]
            labels = [s for s in line if not s.cell_id]
            assert labels[-1].text == row.label
            assert labels[-1].col + labels[-1].colspan == 3
            assert [s.cell_id for s in line if s.cell_id] == [table.cell_id(row, c) for c in table.columns]
