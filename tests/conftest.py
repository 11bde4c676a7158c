"""Suite-wide hooks: tests that needed ../shared/real-reports and could not run are listed by name; property
tests are judged on what they find, not on how fast a shared machine draws their examples."""

from hypothesis import HealthCheck, settings

from tests.shared import NOT_RUN, REAL_REPORTS

settings.register_profile("gongkai", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gongkai")


def pytest_terminal_summary(terminalreporter):
    if NOT_RUN:
        terminalreporter.section("tests that did not run", sep="!", red=True, bold=True)
        terminalreporter.write_line(f"{len(NOT_RUN)} tests need {REAL_REPORTS}, which is missing:")
        for name in NOT_RUN:
            terminalreporter.write_line(f"  {name}")
