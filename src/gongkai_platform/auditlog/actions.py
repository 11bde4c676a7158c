"""The Chinese name of every action code the platform writes into the audit log (审计日志).

The log stores the stable code (`annual_report.generate`), which queries and tests use; people read the name
(生成年度报告). tests/platform/test_audit_actions.py collects every code written in src/ and fails on one that
has no name here. A code missing here still shows, as itself, rather than hiding an entry.
"""

NAMES = {
    # accounts
    "login": "登录",
    "login.locked_out": "登录失败次数过多被锁定",
    "login.unlock": "解除登录锁定",
    "password.change": "修改密码",
    "user.deactivate": "停用用户",
    "user.reactivate": "重新启用用户",
    # the admin
    "admin.add": "在管理后台新增",
    "admin.change": "在管理后台修改",
    "admin.delete": "在管理后台删除",
    # agencies and the 工作日 calendar
    "agency.guide": "修改政府信息公开指南",
    "calendar.year_entered": "录入年度节假日安排",
    # the catalogue (主动公开)
    "item.create": "新建信息",
    "item.update": "修改信息",
    "item.submit": "提交审核",
    "item.approve": "审核通过",
    "item.return": "退回修改",
    "item.classify_secret": "定为涉密，不予公开",
    "item.changed_after_review": "审核后内容变化，退回重新审核",
    "item.publish": "签发公开",
    "item.withdraw": "撤回信息",
    "item.redact": "屏蔽个人信息",
    "item.privacy_override": "确认个人信息提示后公开",
    "item.validity": "变更有效性",
    "attachment.add": "添加附件",
    "attachment.remove": "删除附件",
    "delivery.create": "登记送交档案馆、图书馆",
    # applications (依申请公开)
    "application.registered": "登记申请",
    "application.receipt_confirmed": "确认收到申请",
    "application.correction_requested": "发出补正告知",
    "application.correction_received": "收到补正",
    "application.corrected_online": "申请人在线补正",
    "application.consultation_started": "征求第三方意见",
    "application.consultation_ended": "征求意见结束",
    "application.extension_proposed": "提请延长答复期限",
    "application.extension_approved": "批准延长答复期限",
    "application.reasons_requested": "要求申请人说明理由",
    "application.reasons_received": "收到申请人说明的理由",
    "application.reply_deferred": "确定延迟答复期限",
    "application.forwarded": "转办申请",
    "application.fee_notice_sent": "发出收费通知",
    "application.fee_paid": "缴纳信息处理费",
    "application.closed": "办结",
    "application.decided": "作出答复",
    "application.file_attached": "添加案卷材料",
    "application.carried_over": "录入上年结转申请",
    # appeals (行政复议、行政诉讼)
    "appeal.registered": "登记复议或诉讼",
    "appeal.concluded": "登记复议或诉讼结果",
    # annual reports (年度报告)
    "annual_report.generate": "生成年度报告",
    "annual_report.import": "导入年度报告",
    "annual_report.prose": "修改年度报告正文",
    "annual_report.manual_figure": "填写年度报告数据",
    "annual_report.government_results": "填写工作考核、社会评议、责任追究结果",
    "annual_report.scope": "更改年度报告统计范围",
    "annual_report.lock": "锁定年度报告数据",
    "annual_report.unlock": "解除年度报告锁定",
    "annual_report.sign_off": "签批年度报告",
    "annual_report.privacy_override": "确认个人信息提示后发布年度报告",
    "annual_report.publish": "发布年度报告",
    # supervision (监督)
    "notice.send": "发出督办通知",
    "notice.answer": "答复督办通知",
    "bulk_audit.start": "提交批量检查",
    "bulk_audit.done": "批量检查完成",
    "bulk_audit.failed": "批量检查失败",
    "bulk_audit.resume": "继续已中断的批量检查",
    "bulk_audit.delete": "删除批量检查",
}

# The names of the details services record beside an action that are not fields of the object (a model field is
# named by its own verbose_name).
DETAIL_NAMES = {
    "state": "状态",
    "comment": "意见",
    "reason": "理由",
    "hits": "保密审查提示",
    "on": "日期",
    "due_on": "期限",
    "file": "文件",
    "files": "文件数",
    "archives": "压缩包数",
    "refused": "未检查的文件数",
    "bytes": "字节数",
    "error": "错误信息",
    "done": "已处理",
    "total": "文件总数",
    "stalled_since": "最近进展时间",
    "username": "用户名",
    "ip": "IP 地址",
    "failures": "失败次数",
    "drafted": "已写入正文",
    "value": "数值",
    "to": "转至",
    "new": "新登记编号",
    "reports": "报告数",
    "with_errors": "有错误的报告数",
    "with_warnings": "有警告的报告数",
    "ocr": "经 OCR 识别的报告数",
    "copied": "内容雷同的报告数",
    "before": "修改前",
    "holidays": "节假日天数",
    "workdays": "调休上班天数",
    "agency": "机构",
    "subject": "标题",
    "reply": "答复",
    "result": "结果",
    "concluded_on": "结案日期",
    "outcome": "答复结果",
    "replied_on": "答复日期",
    "channel": "提交方式",
    "received_on": "收到日期",
    "title": "标题",
    "row": "行号",
    "original_number": "原登记编号",
    "year": "年度",
    "parse_findings": "读取时的提示",
    "agency_in_file": "文件中的机构",
}


def name(code: str) -> str:
    """The action's Chinese name; an unknown code as itself."""
    return NAMES.get(code, code)


def choices() -> list[tuple[str, str]]:
    """The model field's choices (a callable, so adding a name needs no migration)."""
    return list(NAMES.items())
