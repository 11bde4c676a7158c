"""What demo applicants ask for, matched to the outcome the agency gives, so that each reply reads true.

Patterns take {agency}, {city}, {year} (a year before the application) and {company}; an outcome with its own
list reads the same for every agency, the rest draw from the agency kind's ordinary requests.
"""

ORDINARY = {
    "office": [
        "{city}人民政府{year}年第{n}次常务会议纪要中关于老旧小区改造的议定事项",
        "{city}{year}年棚户区改造项目的征收决定及补偿安置方案",
        "{city}{year}年度重点项目建设计划及投资安排",
        "{city}人民政府关于{year}年冬季供暖价格调整的批复文件",
        "{agency}{year}年部门预算及“三公”经费支出明细",
        "{city}{year}年政府工作报告重点任务分解及完成情况",
    ],
    "stats": [
        "{city}{year}年城镇非私营单位在岗职工年平均工资数据",
        "{city}{year}年国民经济和社会发展统计公报所依据的分行业增加值数据",
        "{city}{year}年居民消费价格分类指数（月度）",
        "{city}{year}年规模以上工业企业主要经济指标",
        "{city}第五次全国经济普查主要数据公报",
        "{city}{year}年常住人口及城镇化率数据",
    ],
    "emergency": [
        "{city}{year}年安全生产执法检查计划及检查结果",
        "{city}{year}年森林草原防火应急预案",
        "{company}{year}年安全生产许可证核发情况",
        "{city}{year}年应急避难场所的名称、位置和容纳人数",
        "{city}{year}年生产安全事故统计数据",
        "{agency}对{company}作出的行政处罚决定书",
    ],
    "street": [
        "兴华街道{year}年城市最低生活保障对象名单及保障标准",
        "兴华街道道北社区{year}年老旧小区改造工程的施工合同及验收资料",
        "兴华街道{year}年临时救助资金发放情况",
        "兴华街道{year}年高龄津贴发放标准及发放名册",
        "兴华街道光明社区{year}年加装电梯补贴资金的使用情况",
    ],
}

BY_OUTCOME = {
    "withheld.state_secret": ["{city}边境管控区域的具体划定坐标及管控措施文件"],
    "withheld.prohibited_by_law": [
        "{company}在{year}年统计调查中报送的原始调查资料",
        "{year}年经济普查中本小区各住户的个人普查表",
    ],
    "withheld.security_stability": ["{city}危险化学品储存设施的具体位置、储量及安保部署"],
    "withheld.third_party": ["{company}参加{year}年办公设备采购项目的投标文件及报价明细"],
    "withheld.internal_affairs": ["{agency}{year}年工作人员年度考核结果及考核谈话记录"],
    "withheld.process_info": ["{agency}就{year}年重点项目选址向市政府报送的请示及内部讨论记录"],
    "withheld.enforcement_file": ["{agency}对{company}立案调查的全部案卷材料，包括询问笔录和现场检查记录"],
    "withheld.query_matter": ["{company}的不动产登记资料及抵押登记情况"],
    "unavailable.not_held": [
        "{city}2009年某道路拓宽工程的竣工验收报告",
        "{city}1998年城区供水管网改造工程的设计图纸",
    ],
    "unavailable.needs_creation": ["请对{city}近十年财政支出按项目逐年分类汇总，并分析变化原因"],
    "unavailable.still_unclear": ["有关部门关于我家附近那件事的全部文件"],
    "not_processed.petition": ["投诉{company}长期噪声扰民，要求{agency}立即查处并答复处理结果"],
    "not_processed.duplicate": [],  # repeats an earlier request of the same applicant
    "not_processed.publication": ["《{city}统计年鉴{year}》全书", "{city}人民政府公报{year}年全年各期"],
    "not_processed.excessive": [
        "{agency}自2000年以来制作或获取的全部文件、会议记录和往来函件（共计一千余项）"
    ],
    "not_processed.confirmation": [
        "确认本人已取得的《房屋征收补偿协议》复印件与{agency}存档原件内容一致，并重新加盖公章"
    ],
    "other.no_correction": ["关于那个项目的批复"],
    "other.other": [],  # a withdrawn ordinary request
}

CLOSING_NOTES = {
    "partial": "已向申请人提供可以公开的部分。",
    "other.other": "申请人于答复前书面撤回申请，本机关终止办理。",
}

PARTIAL_DETAILS = {
    "withheld_parts": "所申请信息中第三方的报价明细、个人身份证号码和联系方式",
    "withheld_basis": "withheld.third_party",
}
REASONS_NOTE = "申请人本月已提交同类申请三十余件，要求公开本机关历年全部文件，数量和频次明显超过合理范围。"

CORRECTION_NOTES = [
    "请明确所需信息的名称、文号或者便于查询的特征性描述，并说明所涉及的时间范围。",
    "申请内容不明确：请写明所需文件的制作机关、大致形成时间或者文号。",
    "请补充提供申请人身份证明（身份证复印件或者营业执照复印件）。",
]

EXTENSION_REASONS = [
    "所申请信息涉及多个科室和年度档案，检索、汇总工作量较大，需要延长答复期限。",
    "所申请信息数量较多，需要逐项核查并作区分处理。",
]

CONSULTED_ORGANS = {
    "manzhouli": ["满洲里市发展和改革委员会", "满洲里市财政局", "满洲里市住房和城乡建设局"],
    "kuancheng": ["宽城满族自治县发展和改革局", "宽城满族自治县财政局"],
}
