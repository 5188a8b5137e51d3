from django.db import migrations

# The IP terms the two parties' staff search for most, in both languages. Portal admins add more in the admin.
PAIRS = [
    ("专利", "patent"),
    ("专利", "patents"),
    ("商标", "trademark"),
    ("商标", "trademarks"),
    ("知识产权", "intellectual property"),
    ("知识产权", "IP"),
    ("专利导航", "patent navigation"),
    ("专利分析", "patent analysis"),
    ("专利检索", "patent search"),
    ("专利文献", "patent documents"),
    ("标准", "standard"),
    ("标准", "standards"),
    ("许可", "licence"),
    ("许可", "license"),
    ("许可", "licensing"),
    ("侵权", "infringement"),
    ("申请", "application"),
    ("申请", "applications"),
    ("审查", "examination"),
    ("审查员", "examiner"),
    ("发明", "invention"),
    ("实用新型", "utility model"),
    ("外观设计", "industrial design"),
    ("著作权", "copyright"),
    ("版权", "copyright"),
    ("地理标志", "geographical indication"),
    ("商业秘密", "trade secret"),
    ("技术转移", "technology transfer"),
    ("成果转化", "technology transfer"),
    ("保护", "protection"),
    ("文献", "literature"),
    ("检索", "search"),
    ("培训", "training"),
    ("无效", "invalidation"),
    ("复审", "reexamination"),
    ("优先权", "priority"),
    ("权利要求", "claims"),
]


def seed(apps, schema_editor):
    Term = apps.get_model("glossary", "Term")
    Term.objects.bulk_create([Term(zh=zh, en=en) for zh, en in PAIRS], ignore_conflicts=True)


def unseed(apps, schema_editor):
    Term = apps.get_model("glossary", "Term")
    for zh, en in PAIRS:
        Term.objects.filter(zh=zh, en=en).delete()


class Migration(migrations.Migration):
    dependencies = [("glossary", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
