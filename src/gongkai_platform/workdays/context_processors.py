from gongkai_platform.workdays.services import missing_year_warning


def calendar_warning(request):
    """Shows admins a banner when the working-day calendar is missing a year they must enter."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_superuser:
        return {}
    return {"calendar_warning": missing_year_warning()}
