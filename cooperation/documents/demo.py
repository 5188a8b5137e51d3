"""Demo library documents for `seed_demo`, added through the services like real uploads."""

from django.core.files.uploadedfile import SimpleUploadedFile

from . import services
from .models import Confidentiality, Document

# title, file name, body, type, area, language, confidentiality, owner ("cas"/"sipo"), tags
DOCUMENTS = [
    (
        "专利信息资源共享工作方案",
        "专利信息资源共享工作方案.txt",
        "为落实工作合作协议，双方加强专利信息资源共享，建立文献信息交换机制，定期交换专利文献数据和分析报告。",
        "policy",
        "documents",
        "zh",
        Confidentiality.SHARED,
        "sipo",
        ["资源共享", "专利信息"],
    ),
    (
        "Patent landscape of artificial intelligence (2026)",
        "ai-patent-landscape-2026.md",
        "# Patent landscape\n\nPatent information on machine learning filings, CN 101234567 A among the key documents.",
        "search_report",
        "research",
        "en",
        Confidentiality.SHARED,
        "cas",
        ["artificial intelligence"],
    ),
    (
        "新能源电池专利导航分析报告",
        "新能源电池专利导航.txt",
        "本报告对新能源电池领域的专利申请趋势、主要申请人和核心技术进行了战略分析，供双方联合研究参考。",
        "strategic_report",
        "research",
        "zh",
        Confidentiality.ON_REQUEST,
        "cas",
        ["专利导航", "新能源"],
    ),
    (
        "Examination guidelines: AI-related inventions (training notes)",
        "ai-examination-training-notes.txt",
        "Training material for the joint seminar on examination guidelines for AI-related inventions.",
        "training",
        "training",
        "en",
        Confidentiality.SHARED,
        "sipo",
        ["training"],
    ),
    (
        "联合工作组会议材料（内部）",
        "联合工作组会议材料.txt",
        "我方参会人员名单及会前准备要点，仅供内部使用。",
        "meeting",
        "communication",
        "zh",
        Confidentiality.INTERNAL,
        "cas",
        [],
    ),
    (
        "High-value patent cultivation: project call",
        "high-value-patent-call.txt",
        "Call for participation in the high-value patent cultivation project organised by SIPO.",
        "other",
        "projects",
        "en",
        Confidentiality.ON_REQUEST,
        "sipo",
        ["projects"],
    ),
]


def seed_documents(*, personas: dict) -> int:
    """Create the demo documents that do not exist yet; returns how many were created."""
    existing = set(Document.objects.filter(title__in=[row[0] for row in DOCUMENTS]).values_list("title", flat=True))
    created = 0
    for title, name, body, doc_type, area, language, confidentiality, owner, tags in DOCUMENTS:
        if title in existing:
            continue
        document = services.document_create(
            by=personas[f"{owner}_docadmin"],
            fields=services.DocumentFields(
                title=title,
                doc_type=doc_type,
                area=area,
                language=language,
                confidentiality=confidentiality,
                summary=body[:120],
                tags=tags,
            ),
            upload=SimpleUploadedFile(name, body.encode("utf-8")),
        )
        if confidentiality == Confidentiality.ON_REQUEST and owner == "cas":
            other = personas["sipo_official"]
            services.access_request_create(document=document, by=other, reason="联合研究需要参考。")
        created += 1
    return created


def demo_document(by, title: str, name: str, body: str, *, language: str, area: str = "research") -> Document:
    """For another area's demo: a document of `area` shared with both parties, the one already there on a re-run."""
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    return services.document_create(
        by=by,
        fields=services.DocumentFields(
            title=title,
            doc_type="strategic_report",
            area=area,
            language=language,
            confidentiality=Confidentiality.SHARED,
            summary=body[:120],
        ),
        upload=SimpleUploadedFile(name, body.encode("utf-8")),
    )
