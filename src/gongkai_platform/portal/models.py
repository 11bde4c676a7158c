from django.db import models


class SiteVersion(models.Model):
    """One row whose token changes whenever the public catalogue changes (publish, withdraw, 有效性), so that
    cached portal pages of every server process go stale together."""

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = verbose_name_plural = "公开网站版本"

    def __str__(self):
        return self.token
