"""Applications made in bulk for the benchmarks: one closed or running case with a random applicant and outcome."""

from __future__ import annotations

import random
from datetime import date, timedelta


def application(agency, tracking_number: str, rng: random.Random, received: date, reply_within: int):
    """A case received on `received`, replied (nine in ten) within `reply_within` days with a random outcome."""
    from gongkai.standard.formats import APPLICANT_COLUMNS, FORMAT_2021, outcome_rows
    from gongkai_platform.applications.models import Application

    replied = received + timedelta(days=rng.randrange(reply_within)) if rng.random() < 0.9 else None
    return Application(
        agency=agency,
        tracking_number=tracking_number,
        applicant_kind=rng.choice(APPLICANT_COLUMNS),
        applicant_name="申请人",
        id_number="110101199003070000",
        phone="0470-0000000",
        description="申请公开某项信息",
        delivery_form="electronic",
        delivery_method="email",
        channel="online",
        received_on=received,
        due_on=received + timedelta(days=28),
        outcome=rng.choice([r.key for r in outcome_rows(FORMAT_2021)]) if replied else "",
        replied_on=replied,
        state="closed" if replied else "running",
    )
