"""The columns a spreadsheet of each type may have, and the headers that name them.

A column is named as the CSV export names it (``contact_email``, ``zh``), with any case
and spacing ("Contact email"), or by one of its Chinese aliases (联系人邮箱, 邮箱). The
export's derived columns (``url``, ``organization_name``, ``expired`` …) are read past:
they follow from the others. This table is the one README.md shows (a test compares).
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from generator.check.names import normalized
from generator.model.catalog import TYPES_BY_NAME, EntryType

# Chinese headers, per column key. A header may name different keys in different file
# kinds (名称 is an organization's name and an entry's title), never two of one kind.
ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("编号", "标识"),
    "title": ("标题", "名称", "题目"),
    "name": ("名称", "单位名称", "机构名称", "全称"),
    "short_name": ("简称",),
    "summary": ("摘要", "简介", "概述"),
    "organization": ("单位", "机构", "单位/机构", "所属单位", "发布单位"),
    "fields": ("领域", "技术领域"),
    "keywords": ("关键词", "关键字"),
    "conferences": ("对接会", "会议"),
    "contact_name": ("联系人",),
    "contact_email": ("邮箱", "电子邮箱", "电子邮件", "联系人邮箱"),
    "contact_phone": ("电话", "联系电话", "联系人电话"),
    "contact_url": ("联系网址",),
    "contact_hidden": ("隐藏联系方式",),
    "description": ("详细介绍", "详细描述", "描述"),
    "published": ("发布日期",),
    "published_precision": ("发布日期精度",),
    "updated": ("更新日期",),
    "sample": ("示例",),
    "kind": ("类型", "类别"),
    "cooperation": ("合作方式",),
    "deadline": ("截止日期",),
    "status": ("状态",),
    "team": ("团队", "团队名称"),
    "leader": ("负责人", "团队负责人"),
    "trl": ("技术成熟度",),
    "seeking": ("寻求", "需求方向"),
    "parent": ("上级单位", "上级机构"),
    "location": ("所在地", "地点"),
    "website": ("网站", "网址"),
    "date": ("日期", "举办日期"),
    "date_precision": ("日期精度",),
    "hosts": ("主办单位",),
    "format": ("形式", "举办形式"),
    "attendees": ("参会人数", "人数"),
    "attendees_approximate": ("人数为约数",),
    "online_url": ("线上地址", "会议链接"),
    "participants": ("参会单位",),
    "projects": ("路演项目", "项目"),
    "pushed_to_platform": ("推送平台数量", "推送数量"),
    "zh": ("中文",),
    "zh.title": ("中文标题",),
    "zh.name": ("中文名称", "中文全称"),
    "zh.short_name": ("中文简称",),
    "zh.summary": ("中文摘要",),
    "zh.location": ("中文地点",),
    "zh.description": ("中文详细介绍", "中文描述"),
}

CONTACT_PARTS = ("name", "email", "phone", "url", "hidden")
DERIVED = ("url", "expired")
"""Export columns that follow from the others, besides the ``…_name(s)`` columns."""


@dataclass(frozen=True)
class Column:
    """One column a spreadsheet of a file kind may have."""

    key: str
    """The export's name: a key of the file (``title``), ``contact_<part>``,
    ``attendees_approximate``, ``zh`` (its JSON) or ``zh.<key>`` (one key of it)."""
    aliases: tuple[str, ...] = ()


def _zh_keys(model: type[BaseModel]) -> list[str]:
    zh = model.model_fields.get("zh")
    inner = (
        next((a for a in getattr(zh.annotation, "__args__", ()) if isinstance(a, type)), None)
        if zh
        else None
    )
    return list(inner.model_fields) if inner and issubclass(inner, BaseModel) else []


def columns(entry_type: EntryType) -> list[Column]:
    """Every column of ``entry_type``'s spreadsheets, in the export's order, then the
    ``zh.<key>`` columns (which the export writes as one ``zh`` JSON cell)."""
    keys = ["id"]
    for key in entry_type.model.model_fields:
        if key == "contact":
            keys += [f"contact_{part}" for part in CONTACT_PARTS]
        elif key == "attendees":
            keys += ["attendees", "attendees_approximate"]
        else:
            keys.append(key)
    keys += [f"zh.{key}" for key in _zh_keys(entry_type.model)]
    return [Column(key, ALIASES.get(key, ())) for key in keys]


def derived_names(entry_type: EntryType) -> set[str]:
    """The export's columns that import reads past: ``url``, ``expired`` and the name
    column beside each reference (``organization_name``, ``field_names``)."""
    from generator.publish.export import REFERENCES  # the export decides what it derives

    names = set(DERIVED)
    for key, info in entry_type.model.model_fields.items():
        if key in REFERENCES:
            many = "list" in str(info.annotation)
            names.add(f"{key[:-1] if key.endswith('s') else key}_name{'s' if many else ''}")
    return names


def header_table(entry_type: EntryType) -> dict[str, str]:
    """Normalized header → column key, for every way a header may name a column."""
    table: dict[str, str] = {}
    for column in columns(entry_type):
        for name in (column.key, *column.aliases):
            table.setdefault(normalized(name), column.key)
    return table


def type_named(name: str) -> EntryType | None:
    """The file kind of ``--type`` or a file name: 'demands', 'demand', 'Demands.csv'."""
    stem = normalized(name.rsplit("/", 1)[-1].split(".", 1)[0])
    for entry_type in TYPES_BY_NAME.values():
        if stem in (entry_type.name, entry_type.plural):
            return entry_type
    return None
