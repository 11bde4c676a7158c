"""Suite-wide hooks: tests that needed ../shared/real-reports and could not run are listed by name."""

from tests.shared import NOT_RUN, REAL_REPORTS


def pytest_terminal_summary(terminalreporter):
    if NOT_RUN:
        terminalreporter.section("tests that did not run", sep="!", red=True, bold=True)
        terminalreporter.write_line(f"{len(NOT_RUN)} tests need {REAL_REPORTS}, which is missing:")
        for name in NOT_RUN:
            terminalreporter.write_line(f"  {name}")
