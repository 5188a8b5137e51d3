"""Synthetic library text for the benchmarks and the ten-year seed: titles, summaries and bodies composed
from the protocol's own vocabulary, half Chinese and half English, and what the services would index of them."""

import random
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from cooperation.documents.models import Confidentiality, DocumentLanguage, DocumentType
from cooperation.documents.services import search_source, spaced_codes
from protocol.areas import Area
from protocol.years import FIRST_YEAR

BENCH_TAGS = [
    "专利导航",
    "人工智能",
    "知识产权保护",
    "新能源汽车",
    "生物医药",
    "集成电路",
    "标准必要专利",
    "专利信息",
    "科技文献",
    "高价值专利",
    "patent analytics",
    "artificial intelligence",
    "open data",
    "standards",
    "licensing",
    "examination",
]
IPC_CLASSES = [
    "G06F16/33",
    "G06N3/08",
    "H04L9/32",
    "H01M10/05",
    "A61K39/395",
    "C12N15/11",
    "B60L53/00",
    "H01L21/02",
    "G06Q50/18",
    "C01B32/182",
    "H04W72/04",
    "G16H50/20",
]

# --- Text: a few hundred sentences composed from the protocol's own vocabulary, then sampled. ---

TOPICS = [
    ("人工智能", "artificial intelligence"),
    ("新能源汽车", "new energy vehicles"),
    ("集成电路", "integrated circuits"),
    ("生物医药", "biomedicine"),
    ("量子计算", "quantum computing"),
    ("高端装备", "advanced equipment"),
    ("新材料", "new materials"),
    ("种业", "the seed industry"),
    ("5G通信", "5G communications"),
    ("海洋工程", "marine engineering"),
    ("储能电池", "energy storage batteries"),
    ("基因编辑", "gene editing"),
]
KINDS = {
    DocumentType.PATENT: ("专利说明书", "Patent specification"),
    DocumentType.SEARCH_REPORT: ("专利检索分析报告", "Patent search and analysis report"),
    DocumentType.PAPER: ("研究论文", "Research paper"),
    DocumentType.STRATEGIC_REPORT: ("战略分析报告", "Strategic analysis report"),
    DocumentType.STANDARD: ("技术标准", "Technical standard"),
    DocumentType.POLICY: ("政策文件", "Policy document"),
    DocumentType.TRAINING: ("培训教材", "Training material"),
    DocumentType.MEETING: ("会议材料", "Meeting material"),
    DocumentType.OTHER: ("参考资料", "Reference material"),
}
KIND_WEIGHTS = [20, 20, 15, 12, 8, 8, 7, 6, 4]

ZH_PLACES = [
    "在人工智能领域",
    "围绕新一代信息技术",
    "面向生物医药产业",
    "在新能源汽车领域",
    "针对集成电路产业",
    "结合国家重大科技专项",
    "在高端装备制造领域",
    "依托国家科技图书文献中心",
    "围绕种业振兴",
    "在量子计算领域",
    "在新材料领域",
    "面向碳达峰碳中和目标",
    "在海洋工程领域",
    "在储能技术领域",
]
ZH_ACTORS = [
    "中国科学院",
    "国家知识产权局",
    "双方",
    "联合工作组",
    "各研究所",
    "文献情报中心",
    "专利审查部门",
    "课题组",
    "地方知识产权局",
    "高校和科研院所",
    "技术转移中心",
]
ZH_ACTIONS = ["加强", "推进", "深化", "完善", "建立", "开展", "支持", "促进", "优化", "共同推动", "系统梳理"]
ZH_OBJECTS = [
    "专利信息资源共享",
    "知识产权公共服务",
    "专利文献检索与分析",
    "专利导航工作",
    "科技文献资源建设",
    "知识产权战略研究",
    "专利数据加工与标引",
    "技术创新态势监测",
    "专利审查质量管理",
    "知识产权保护体系",
    "科技成果转移转化",
    "产业专利预警",
    "标准与专利协同",
    "数据资源互联互通",
    "知识产权人才培养",
    "高价值专利培育",
    "专利运营与许可",
    "国际专利布局分析",
    "科技查新服务",
]
ZH_ENDS = [
    "，提升服务效率。",
    "，为科技创新提供有力支撑。",
    "，实现互惠互利、共同发展。",
    "，形成常态化合作机制。",
    "，推动成果落地转化。",
    "，服务创新驱动发展战略。",
    "。",
    "，提高检索分析的准确性和时效性。",
    "，定期交流工作进展。",
    "，并编制年度分析报告。",
]
ZH_FACTS = [
    "{y}年，双方共交换专利文献{n}件、科技论文{m}篇。",
    "本报告检索了{y}年至{y2}年公开的相关专利{n}件，主要集中在{ipc}等国际专利分类号。",
    "分析显示，该领域中国申请人的专利申请量年均增长{p}%。",
    "其中发明专利占{p}%，有效专利{m}件，平均权利要求{q}项。",
    "截至{y}年底，相关数据库收录科技文献{n}万篇。",
    "重点申请人前十位中有{q}家为科研院所。",
]
EN_PLACES = [
    "In artificial intelligence",
    "For new energy vehicles",
    "In integrated circuits",
    "In biomedicine",
    "In quantum computing",
    "In advanced manufacturing",
    "In agricultural biotechnology",
    "For 5G communications",
    "In new materials",
    "In marine engineering",
    "For carbon neutrality technologies",
]
EN_ACTORS = [
    "the parties",
    "the Academy",
    "the patent office",
    "the joint working group",
    "each institute",
    "the documentation centre",
    "patent examiners",
    "the research team",
    "regional IP offices",
    "technology transfer offices",
]
EN_ACTIONS = [
    "agree to share",
    "will strengthen",
    "have analysed",
    "continue to improve",
    "jointly develop",
    "regularly exchange",
    "review",
    "publish",
    "map",
    "monitor",
]
EN_OBJECTS = [
    "patent information",
    "scientific literature",
    "patent search reports",
    "strategic analysis reports",
    "technical standards",
    "IP policy briefs",
    "training materials",
    "patent landscape data",
    "citation statistics",
    "examination guidelines",
    "licensing opportunities",
    "high-value patent portfolios",
    "technology transfer cases",
    "standard-essential patents",
    "resource sharing agreements",
]
EN_ENDS = [
    " to support innovation.",
    " under the cooperation protocol.",
    " on a quarterly basis.",
    " for both parties.",
    " with clear confidentiality rules.",
    ".",
    " and report the results to the steering committee.",
    " to reduce duplicated searches.",
]
EN_FACTS = [
    "The search covered {n} patent families published between {y} and {y2}, mostly in IPC classes {ipc}.",
    "Applications by Chinese applicants grew by {p}% a year.",
    "Invention patents account for {p}% of the set; {m} of them are in force.",
    "By the end of {y} the shared database held {n} thousand scientific papers.",
    "{q} of the ten leading applicants are research institutes.",
]
# The rare query's word, in about one Chinese document in 500.
RARE_ZH = "课题组对钙钛矿太阳能电池的专利布局进行了专题分析。"
RARE_ZH_QUERY = "钙钛矿"
RARE_SHARE = 0.002


def sentence_pool(rng: random.Random, parts: tuple, facts: list[str], *, template: str, size: int) -> list[str]:
    places, actors, actions, objects, ends = parts
    sentences = set()
    while len(sentences) < size:
        sentences.add(
            template.format(
                place=rng.choice(places),
                actor=rng.choice(actors),
                action=rng.choice(actions),
                object=rng.choice(objects),
                end=rng.choice(ends),
            )
        )
    for _ in range(size // 4):
        year = rng.randint(2012, 2025)
        sentences.add(
            rng.choice(facts).format(
                y=year,
                y2=year + rng.randint(1, 8),
                n=rng.randint(50, 9000),
                m=rng.randint(10, 3000),
                p=rng.randint(3, 60),
                q=rng.randint(2, 9),
                ipc=rng.choice(IPC_CLASSES)[:4],
            )
        )
    return sorted(sentences)


@dataclass
class DocumentSeed:
    """One document to insert, and the text the services would have indexed for it."""

    title: str
    title_other: str
    summary: str
    doc_type: str
    area: str
    language: str
    party: str
    confidentiality: str
    tags: list[str]
    patent_numbers: list[str]
    ipc_classes: list[str]
    body: str
    created_at: datetime
    archived: bool
    pages: int

    def search_source(self) -> str:
        return search_source(
            title=self.title,
            title_other=self.title_other,
            summary=self.summary,
            tags=self.tags,
            patent_numbers=spaced_codes(self.patent_numbers),
            ipc_classes=spaced_codes(self.ipc_classes),
            text=self.body,
        )


def cell(text: str, width: int) -> str:
    """`text` padded to `width` terminal columns; Chinese characters take two."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def own_patent_number(index: int) -> str | None:
    """Every other pair of documents describes a patent of its own: CN110000000A, CN110000004A, …"""
    return f"CN{110_000_000 + index}A" if index % 4 in (0, 1) else None


class DocumentWriter:
    def __init__(self, *, count: int, zh: list[str], en: list[str], now: datetime, start: datetime | None = None):
        self.count, self.zh, self.en, self.now = count, zh, en, now
        self.start = start or timezone.make_aware(datetime(FIRST_YEAR, 1, 1))

    def seed(self, rng: random.Random, index: int) -> DocumentSeed:
        chinese = index % 2 == 0
        doc_type = rng.choices(list(KINDS), KIND_WEIGHTS)[0]
        topic_zh, topic_en = rng.choice(TOPICS)
        kind_zh, kind_en = KINDS[doc_type]
        year, issue = rng.randint(2015, 2026), rng.randint(1, 12)
        title_zh = f"{topic_zh}{kind_zh}（{year}年第{issue}期）"
        title_en = f"{kind_en} on {topic_en}, {year} no. {issue}"
        pool = self.zh if chinese else self.en
        body = self._body(rng, pool, chinese)
        own = own_patent_number(index)
        cited = [own_patent_number(rng.randrange(0, self.count, 4)) for _ in range(rng.choice([0, 0, 1, 2]))]
        # The library grows: more recent documents than old ones.
        age = (self.now - self.start) * (rng.random() ** 1.6)
        return DocumentSeed(
            title=title_zh if chinese else title_en,
            title_other=(title_en if chinese else title_zh) if rng.random() < 0.4 else "",
            summary=("" if chinese else " ").join(rng.sample(pool, rng.randint(1, 2))),
            doc_type=doc_type,
            area=rng.choices(Area.values, [60, 15, 10, 5, 10])[0],
            language=DocumentLanguage.CHINESE if chinese else DocumentLanguage.ENGLISH,
            party=rng.choice(["CAS", "SIPO"]),
            confidentiality=rng.choices(Confidentiality.values, [60, 25, 15])[0],
            tags=rng.sample(BENCH_TAGS, rng.choice([0, 1, 1, 2, 3])),
            patent_numbers=[number for number in [own, *cited] if number],
            ipc_classes=rng.sample(IPC_CLASSES, rng.randint(0, 3)),
            body=body,
            created_at=self.now - age,
            archived=rng.random() < 0.03,
            pages=rng.randint(1, 120),
        )

    def _body(self, rng: random.Random, pool: list[str], chinese: bool) -> str:
        # 300 to 2,000 characters, whatever the language.
        target, sentences, length = rng.randint(300, 2_000), [], 0
        while length < target:
            sentence = rng.choice(pool)
            sentences.append(sentence)
            length += len(sentence) + (0 if chinese else 1)
        if chinese and rng.random() < RARE_SHARE:
            sentences.insert(rng.randrange(len(sentences)), RARE_ZH)
        return ("" if chinese else " ").join(sentences)


def document_writer(rng: random.Random, *, count: int, now: datetime, start: datetime | None = None) -> DocumentWriter:
    """A writer of `count` documents dated up to `now`, its sentence pools drawn from `rng`."""
    zh_parts = (ZH_PLACES, ZH_ACTORS, ZH_ACTIONS, ZH_OBJECTS, ZH_ENDS)
    en_parts = (EN_PLACES, EN_ACTORS, EN_ACTIONS, EN_OBJECTS, EN_ENDS)
    return DocumentWriter(
        count=count,
        zh=sentence_pool(rng, zh_parts, ZH_FACTS, template="{place}，{actor}{action}{object}{end}", size=320),
        en=sentence_pool(rng, en_parts, EN_FACTS, template="{place}, {actor} {action} {object}{end}", size=320),
        now=now,
        start=start,
    )
