"""Rules on an item's catalogue metadata that hold whatever path changes it (form, service, import)."""

from gongkai_platform.catalogue.models import Disclosure


def errors(item) -> dict[str, str]:
    """Field → message for metadata that cannot be saved."""
    found = {}
    if len(item.summary or "") > 100:
        found["summary"] = f"内容概述不超过100字（现为{len(item.summary)}字）。"
    if item.disclosure != Disclosure.PROACTIVE and not (item.disclosure_reason or "").strip():
        found["disclosure_reason"] = "公开属性不是主动公开时，须填写理由。"
    if item.effective_on and item.repealed_on and item.repealed_on < item.effective_on:
        found["repealed_on"] = "废止日期不能早于生效日期。"
    return found


def warnings(item) -> list[str]:
    """What the reviewer is told but may still approve."""
    found = []
    if not (item.summary or "").strip():
        found.append("内容概述为空：政府信息公开目录须列明内容概述（条例第十二条），建议补充。")
    if item.topic_id is None:
        found.append("未选择主题分类。")
    return found
