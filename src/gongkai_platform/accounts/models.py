"""Failed login attempts, kept to lock out password guessing."""

from django.db import models


class FailedLogin(models.Model):
    username = models.CharField("用户名", max_length=150, db_index=True)
    ip_address = models.GenericIPAddressField("来源地址", null=True, blank=True, db_index=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "登录失败记录"
        ordering = ["-at"]

    def __str__(self):
        return f"{self.username} @ {self.ip_address} {self.at:%Y-%m-%d %H:%M:%S}"
