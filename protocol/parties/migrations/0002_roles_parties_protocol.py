"""The protocol's fixed facts: the three roles, the two parties and the protocol text."""

from django.db import migrations

ROLES = ["official", "document_admin", "coordinator"]

PARTIES = [
    {
        "code": "CAS",
        "name_zh": "中国科学院",
        "name_en": "Chinese Academy of Sciences",
        "description_zh": "中国自然科学最高学术机构、科学技术最高咨询机构、自然科学与高技术综合研究发展中心。",
        "description_en": "China's national academy for the natural sciences and its highest advisory body on science and technology.",
    },
    {
        "code": "SIPO",
        "name_zh": "国家知识产权局",
        "name_en": "State Intellectual Property Office",
        "description_zh": "主管专利工作和统筹协调涉外知识产权事宜的国务院直属机构。",
        "description_en": "The body under the State Council in charge of patent work and of coordinating foreign-related IP affairs.",
    },
]

PROTOCOL = {
    "title_zh": "中国科学院与国家知识产权局工作合作协议",
    "title_en": "Working cooperation protocol between CAS and SIPO",
    "summary_zh": (
        "为加强知识产权工作，促进科技创新，中国科学院与国家知识产权局本着友好协商、资源共享、互利共赢的原则，"
        "在文献信息资源共享、战略分析研究、培训、知识产权工作交流机制以及支持对方组织的知识产权项目等方面开展合作。"
    ),
    "summary_en": (
        "To strengthen intellectual property work and promote scientific and technological innovation, CAS and SIPO "
        "cooperate in sharing document information resources, joint strategic analysis research, training, a "
        "communication mechanism for IP work, and support for IP projects organised by the other party."
    ),
    "principles_zh": "友好协商\n资源共享\n互利共赢",
    "principles_en": "Friendly consultation\nResource sharing\nMutual benefit",
}


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Party = apps.get_model("parties", "Party")
    Protocol = apps.get_model("parties", "Protocol")
    for role in ROLES:
        Group.objects.get_or_create(name=role)
    for party in PARTIES:
        Party.objects.get_or_create(code=party["code"], defaults=party)
    if not Protocol.objects.exists():
        Protocol.objects.create(**PROTOCOL)


class Migration(migrations.Migration):
    dependencies = [
        ("parties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
