"""The working-day calendar: the State Council's holidays and adjusted workdays (调休), per year.

A year is known only once a CalendarYear row exists for it; until then every working-day computation that
touches
the year fails loudly instead of guessing, because legal deadlines depend on it.
"""

from django.db import models


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    source = models.CharField(
        "来源", max_length=200, help_text="如 chinese_calendar 1.11.0 或国务院办公厅通知文号"
    )

    class Meta:
        verbose_name = verbose_name_plural = "已录入的年度放假安排"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}年"


class Holiday(models.Model):
    """A day off on a weekday or weekend that belongs to a statutory holiday period."""

    date = models.DateField("日期", unique=True)
    name = models.CharField("节日", max_length=60)

    class Meta:
        verbose_name = verbose_name_plural = "法定节假日"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class AdjustedWorkday(models.Model):
    """A Saturday or Sunday that is a working day because of 调休."""

    date = models.DateField("日期", unique=True)
    name = models.CharField("调休原因", max_length=60)

    class Meta:
        verbose_name = verbose_name_plural = "调休上班日"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}（上班）"
