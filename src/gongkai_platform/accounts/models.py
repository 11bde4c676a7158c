"""The admin's views of django-axes' records, under Chinese names: current lock counters (deleting one unlocks
that user name on that address) and the log of every failed login."""

from axes.models import AccessAttempt, AccessFailureLog


class LoginLock(AccessAttempt):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败计数与锁定"

    def __str__(self):
        return f"{self.username} 自 {self.ip_address} 登录失败 {self.failures_since_start} 次"


class LoginFailure(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = verbose_name_plural = "登录失败记录"

    def __str__(self):
        locked = "（已锁定）" if self.locked_out else ""
        return f"{self.username} 自 {self.ip_address} 登录失败{locked}"
