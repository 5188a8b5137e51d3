"""The agreement's row and the text of its five areas in both languages; its dates are entered by the portal
admins (the demo fills them for `make run`)."""

from django.db import migrations

AREAS = {
    "documents": (
        "共享文献信息资源：专利文献、科技文献、分析报告和标准。",
        "Sharing the resource of document information: patent documents, scientific literature, analysis "
        "reports and standards.",
    ),
    "research": ("联合开展战略分析研究及相关工作。", "Jointly launching strategic analysis research and related work."),
    "training": (
        "共享培训资源：向对方开放的课程、培训班和名额。",
        "Sharing training resources: courses, sessions and seats open to the other party.",
    ),
    "communication": (
        "建立知识产权工作沟通机制：会议、纪要和行动事项。",
        "A communication mechanism for IP work: meetings, minutes and action items.",
    ),
    "projects": ("支持和参与对方组织的知识产权项目。", "Supporting and participating in IP projects organised by the other party."),
}


def create_record(apps, schema_editor):
    Agreement = apps.get_model("agreement", "Agreement")
    AgreementArea = apps.get_model("agreement", "AgreementArea")
    if Agreement.objects.exists():
        return
    agreement = Agreement.objects.create()
    for area, (text_zh, text_en) in AREAS.items():
        AgreementArea.objects.create(agreement=agreement, area=area, text_zh=text_zh, text_en=text_en)


class Migration(migrations.Migration):
    dependencies = [("agreement", "0001_initial")]

    operations = [migrations.RunPython(create_record, migrations.RunPython.noop)]
