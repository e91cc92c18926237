"""The words of the import template: what each column holds, in English and Chinese,
and the instructions sheet.

The English explanation of a column is its model field's docstring (the one the JSON
Schema and `campaign new` show), so the two never disagree. The models have no Chinese
docstrings; the Chinese sentences are here, one per column key.
"""

from __future__ import annotations

import typing

from pydantic import BaseModel

from generator.model import formats as models
from generator.model.catalog import EntryType
from generator.site.i18n import label, translate

from .cells import Kind, kind_of
from .columns import ALIASES

ZH_HELP: dict[str, str] = {
    "id": "条目编号，即文件名和网页地址：小写字母 a-z、数字和连字符，以字母或数字开头。"
    "可不填，由英文标题生成；标题只有中文时必须填写。",
    "title": "简短的标题（英文）。",
    "name": "单位的英文全称。",
    "short_name": "英文简称，用于列表，例如 CASIC。",
    "summary": "一两句纯文本摘要（英文），不超过 300 字，显示在列表和搜索结果中。",
    "organization": "发布单位（团队项目填团队所在高校）。",
    "fields": "技术领域，至少一个，取自 catalog/taxonomy.yaml。",
    "keywords": "便于搜索的关键词，中英文均可。",
    "conferences": "发布该条目的对接会。",
    "contact_name": "联系人或联系部门。",
    "contact_email": "电子邮箱。",
    "contact_phone": "联系电话，境外来电请加国家代码。",
    "contact_url": "咨询网页（http 或 https）。",
    "contact_hidden": "填“是”则网站不显示联系方式；它仍保存在公开仓库的文件中。",
    "description": "详细介绍（英文，Markdown 格式）。",
    "published": "条目首次发布的日期；不填则取首次发布它的对接会的日期。",
    "published_precision": "发布日期只知道月份或年份时填写：month（月）或 year（年）。",
    "updated": "最近一次重要更新的日期。",
    "sample": "填“是”表示示例条目（并非真实），网站显示“示例”标记。",
    "kind": "资源类型。",
    "cooperation": "寻求的合作方式。",
    "deadline": "征集截止日期。",
    "status": "需求的当前状态。",
    "team": "高校团队名称。",
    "leader": "团队负责人。",
    "trl": "技术成熟度：1（基本原理）至 9（实际运行验证）。",
    "seeking": "团队寻求的合作。",
    "parent": "上级单位，例如研究所所属的研究院。",
    "location": "所在城市或地区；线上会议填平台名称。",
    "website": "单位主页（http 或 https）。",
    "date": "对接会举办日期。",
    "date_precision": "日期只知道月份或年份时填写：month（月）或 year（年）。",
    "hosts": "主办单位，至少一个。",
    "format": "线上、线下或线上线下结合。",
    "attendees": "参会人数（整数）。",
    "attendees_approximate": "人数是否为约数：默认“是”（网站显示“约 N 人”）；准确人数填“否”。",
    "online_url": "线上会议的地址或公告网址（http 或 https）。",
    "participants": "参会单位（主办单位以外）。",
    "projects": "会上路演的团队项目。",
    "pushed_to_platform": "会后推送至国家平台的资源和需求数量，按下限计（网站显示“N 余项”）。",
    "zh.title": "中文标题。",
    "zh.name": "中文全称。",
    "zh.short_name": "中文简称，例如 航天科工。",
    "zh.summary": "中文摘要：纯文本，不超过 300 字。",
    "zh.location": "中文地点。",
    "zh.description": "中文详细介绍（Markdown 格式）。",
}
ZH_HELP_BY_TYPE: dict[tuple[str, str], str] = {
    ("organizations", "kind"): "机构类型。",
    ("organizations", "description"): "单位介绍（英文，Markdown 格式）。",
}
ID_HELP = (
    "The entry's id, which becomes its file name and page address: lowercase letters "
    "a-z, digits and hyphens, starting with a letter or digit. Optional: when empty it is "
    "made from the English title; a title only in Chinese needs one."
)
FOLDERS = {
    "organizations": ("an organization", "机构"),
    "fields": ("a field", "技术领域"),
    "conferences": ("a conference", "对接会"),
    "projects": ("a project", "项目"),
}
"""A reference column's folder → what one of its values names, in English and Chinese."""
BOOL_CHOICES = (("yes", "Yes", "是"), ("no", "No", "否"))


def _zh_model(model: type[BaseModel]) -> type[BaseModel] | None:
    zh = model.model_fields.get("zh")
    for arg in typing.get_args(zh.annotation) if zh else ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def description(entry_type: EntryType, key: str) -> str:
    """The English explanation of a column: its model field's docstring."""
    if key == "id":
        return ID_HELP
    model: type[BaseModel] | None = entry_type.model
    name = key
    if key.startswith("contact_"):
        model, name = models.Contact, key[8:]
    elif key in ("attendees", "attendees_approximate"):
        # the file's `attendees` is one key; a sheet splits it into these two columns
        model, name = models.Attendees, "value" if key == "attendees" else "approximate"
    elif key.startswith("zh."):
        model, name = _zh_model(entry_type.model), key[3:]
    info = model.model_fields.get(name) if model else None
    text = (info.description or "") if info else ""
    return " ".join(text.replace("`", "'").split())


def zh_description(entry_type: EntryType, key: str) -> str:
    return ZH_HELP_BY_TYPE.get((entry_type.plural, key), ZH_HELP.get(key, ""))


def choices(entry_type: EntryType, key: str) -> list[tuple[str, str, str]]:
    """(value, English label, Chinese label) of each value an enum or yes/no column
    offers; [] for other columns."""
    kind = kind_of(entry_type, key)
    if kind.name == "bool":
        return list(BOOL_CHOICES)
    if kind.name == "enum":
        return [(str(v), label(v), label(v, "zh")) for v in kind.choices]
    return []


def required(entry_type: EntryType) -> list[str]:
    """The columns every row must fill in (besides an id or an English title)."""
    return [k for k, f in entry_type.model.model_fields.items() if f.is_required()]


def _values(entry_type: EntryType, key: str, kind: Kind) -> tuple[str, str]:
    """What a column's cells may hold, in English and Chinese."""
    several = (" One or more, separated by ;", "可填多个，用 ; 分隔。") if kind.many else ("", "")
    if kind.name == "enum" or kind.name == "bool":
        offered = choices(entry_type, key)
        en = "; ".join(f"{v} ({e})" for v, e, _ in offered)
        zh = "；".join(f"{v}（{z}）" for v, _, z in offered)
        return (
            f"One of: {en}. The value or its English or Chinese label.{several[0]}",
            f"可选：{zh}。填值或中英文名称均可。{several[1]}",
        )
    if kind.name == "ref":
        en_word, zh_word = FOLDERS[kind.folder]
        return (
            f"{en_word.capitalize()}'s id or name (English or Chinese), as on the sheet 'lists'."
            + several[0],
            f"填{zh_word}的编号或名称（中英文均可），见 lists 表。{several[1]}",
        )
    if kind.name == "date":
        en = "A date: 2027-06-30, 2027/6/30, 2027年6月30日 or an Excel date."
        zh = "日期：2027-06-30、2027/6/30、2027年6月30日 或 Excel 日期。"
        if key in ("date", "published"):
            en += " 2027-06 or 2027 when only the month or year is known."
            zh += "只知道月份或年份时填 2027-06 或 2027。"
        return en, zh
    if kind.name == "int":
        return ("A whole number.", "整数。")
    if kind.name == "markdown":
        return ("Markdown; line breaks are kept.", "Markdown 格式，保留换行。")
    if kind.many:
        return (several[0].strip(), several[1])
    return ("", "")


def comment(entry_type: EntryType, key: str) -> str:
    """The note on a header cell: the column explained in English, then in Chinese."""
    kind = kind_of(entry_type, key)
    must = key in required(entry_type)
    en_values, zh_values = _values(entry_type, key, kind)
    english = " ".join(filter(None, ["Required." if must else "", description(entry_type, key)]))
    chinese = ("必填。" if must else "") + zh_description(entry_type, key)
    parts = [english, en_values, chinese, zh_values]
    return "\n".join(part for part in parts if part)


def prompt(entry_type: EntryType, key: str) -> str:
    """The message a drop-down shows (Excel allows at most 255 characters)."""
    kind = kind_of(entry_type, key)
    if kind.name == "ref":
        return (
            "Pick an id, or type an id or a name (English or Chinese)"
            + ("; several: separated by ;" if kind.many else ".")
            + "\n选择编号，或填写编号或名称（中英文均可）"
            + ("；多个用 ; 分隔。" if kind.many else "。")
        )
    if kind.name == "bool":
        return "yes or no.\n填“是”或“否”。"
    return (
        "Pick a value, or type it or its English or Chinese label"
        + ("; several: separated by ;" if kind.many else ".")
        + "\n选择一个值，或填写其中英文名称"
        + ("；多个用 ; 分隔。" if kind.many else "。")
    )


def instructions(entry_type: EntryType) -> list[tuple[str, str]]:
    """The instructions sheet: (English, Chinese) paragraphs, the first a title."""
    zh_type = translate(entry_type.label, "zh")
    title_key = "name" if "name" in entry_type.model.model_fields else "title"
    must = required(entry_type)
    must_zh = "、".join(f"{key}（{ALIASES[key][0]}）" for key in must)
    return [
        (
            f"How to fill in this workbook of {entry_type.plural}",
            f"{zh_type}导入表填写说明",
        ),
        (
            f"Sheet '{entry_type.plural}' takes one {entry_type.name} per row, from row 3 "
            "on. Row 1 holds the column names that the import reads: do not change them. "
            "Row 2 holds their Chinese names and is skipped. Leave a column empty, or "
            "delete it, when you have nothing for it. Each header cell has a note that "
            "explains the column.",
            f"“{entry_type.plural}”表每行填写一条{zh_type}，从第 3 行开始。第 1 行是导入程序"
            "读取的列名，请勿修改；第 2 行是中文列名，导入时跳过。没有内容的列可以留空或删除。"
            "把鼠标移到列名上可看到该列的说明。",
        ),
        (
            f"Required in every row: {', '.join(must)}. The id is optional: without one it is made "
            f"from the English {title_key}; a row whose {title_key} is only in Chinese "
            "needs an id (lowercase letters a-z, digits and hyphens).",
            f"每行必填：{must_zh}。id（编号）可不填，由英文{ALIASES[title_key][0]}生成；"
            f"{ALIASES[title_key][0]}只有中文时必须填写编号（小写字母 a-z、数字和连字符）。",
        ),
        (
            "Organizations, fields, conferences and projects: write the id or the name, in "
            "English or Chinese, as on the sheet 'lists'. The drop-downs offer the ids; "
            "you may type a name instead.",
            "机构、技术领域、对接会和项目：填编号或名称（中英文均可），见 lists 表。"
            "下拉列表提供编号，也可以直接填写名称。",
        ),
        (
            "Several values in one cell: separate them with ; (also ；, 、 or a line break).",
            "一个单元格填多个值时，用 ; 分隔（也可用全角分号“；”、顿号“、”或换行）。",
        ),
        (
            "Dates: 2027-06-30, 2027/6/30, 2027年6月30日 or an Excel date.",
            "日期：2027-06-30、2027/6/30、2027年6月30日 或 Excel 日期。",
        ),
        (
            "Choices such as status or kind: the value, or its label in English or Chinese "
            "(in-negotiation, In negotiation or 洽谈中). Yes/no columns: yes or no, 是 or 否.",
            "状态、类型等选项：填值或其中英文名称均可（in-negotiation、In negotiation 或 "
            "洽谈中）。是/否列：填“是”或“否”（yes/no 亦可）。",
        ),
        (
            "Type values, not formulas; a cell holds at most 20,000 characters.",
            "请直接填写内容，不要使用公式；每个单元格不超过 20,000 字。",
        ),
        (
            "Send the file to the campaign office. The site maintainer runs `campaign "
            "import` and `campaign validate` on it and proposes the entries as a pull "
            "request.",
            "填好后请将文件发送给活动办公室，由网站维护人员运行 `campaign import` 和 "
            "`campaign validate` 导入检查，并以拉取请求（pull request）提交。",
        ),
        (
            "Nothing is imported while any cell has a problem. Each message names its "
            f"cell, e.g. {entry_type.plural}!D3, and says what to change.",
            f"只要有一个单元格有问题，整个文件都不会导入。每条提示都会指出单元格"
            f"（例如 {entry_type.plural}!D3）并说明如何修改。",
        ),
    ]
