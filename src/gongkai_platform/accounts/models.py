"""The admin's views of django-axes' records, under Chinese names: current lock counters (deleting one unlocks
that user name on that address) and the log of every failed login."""

from axes.models import AccessAttempt, AccessFailureLog


class LoginLock(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败计数与锁定"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败记录"
