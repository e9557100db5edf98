"""Generate a large, realistic badge catalogue with a fixed seed, for search benchmarks and demos.

Rows are written with bulk_create (no outbox messages), then indexed through the bulk
rebuild path, so 100,000 badge classes take minutes, not hours.
"""

import io
import random
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image

from badges.models import (
    Assertion,
    BadgeClass,
    BadgeType,
    Issuer,
    Level,
    RecipientType,
    TimeUnit,
)
from badges.openbadges.hashing import make_salt
from search.management.progress import ProgressBar
from search.services import index_rebuild, index_size
from search.types import BADGES, ISSUERS
from stats.services import rollup_rebuild

BATCH = 2000
IMAGE_NAME = "badges/generated-catalogue.png"

# subject -> (skill tags, nouns a course of it teaches)
SUBJECTS = {
    "Python Programming": (
        ["python", "programming", "software"],
        ["scripts", "functions", "tests"],
    ),
    "Web Development": (
        ["html", "css", "javascript", "web"],
        ["pages", "accessible layouts", "forms"],
    ),
    "Data Analysis": (
        ["data", "statistics", "spreadsheets"],
        ["datasets", "dashboards", "reports"],
    ),
    "Machine Learning": (
        ["machine learning", "python", "data"],
        ["models", "features", "evaluations"],
    ),
    "Cloud Computing": (["cloud", "devops", "linux"], ["deployments", "containers", "pipelines"]),
    "Cybersecurity": (
        ["security", "networks", "risk"],
        ["threat models", "audits", "incident plans"],
    ),
    "Project Management": (
        ["project management", "planning", "leadership"],
        ["project plans", "risk registers", "budgets"],
    ),
    "Agile Delivery": (["agile", "scrum", "teamwork"], ["sprints", "backlogs", "retrospectives"]),
    "Digital Marketing": (
        ["marketing", "social media", "analytics"],
        ["campaigns", "content calendars", "audiences"],
    ),
    "Graphic Design": (
        ["design", "typography", "illustration"],
        ["posters", "brand guides", "layouts"],
    ),
    "User Experience Research": (
        ["ux", "research", "design"],
        ["interviews", "usability tests", "personas"],
    ),
    "First Aid": (
        ["first aid", "health", "safety"],
        ["emergency responses", "casualty assessments", "CPR"],
    ),
    "Mental Health Awareness": (
        ["mental health", "wellbeing", "care"],
        ["conversations", "support plans", "referrals"],
    ),
    "Nursing Practice": (
        ["nursing", "care", "clinical skills"],
        ["care plans", "patient records", "medication rounds"],
    ),
    "Food Hygiene": (
        ["food safety", "hygiene", "catering"],
        ["kitchen audits", "allergen plans", "temperature logs"],
    ),
    "Workplace Safety": (
        ["health and safety", "risk", "compliance"],
        ["risk assessments", "inspections", "toolbox talks"],
    ),
    "Sustainability": (
        ["sustainability", "climate", "environment"],
        ["carbon audits", "action plans", "reports"],
    ),
    "Renewable Energy": (
        ["energy", "solar", "engineering"],
        ["installations", "site surveys", "energy models"],
    ),
    "Electrical Installation": (
        ["electrical", "wiring", "trades"],
        ["circuits", "inspections", "certificates"],
    ),
    "Carpentry": (["carpentry", "woodwork", "trades"], ["joints", "frames", "staircases"]),
    "Welding": (["welding", "fabrication", "trades"], ["welds", "joints", "inspections"]),
    "Automotive Maintenance": (
        ["automotive", "mechanics", "diagnostics"],
        ["services", "fault diagnoses", "repairs"],
    ),
    "Customer Service": (
        ["customer service", "communication", "retail"],
        ["enquiries", "complaints", "service plans"],
    ),
    "Public Speaking": (
        ["communication", "presentation", "confidence"],
        ["talks", "speeches", "pitches"],
    ),
    "Academic Writing": (
        ["writing", "research", "referencing"],
        ["essays", "literature reviews", "abstracts"],
    ),
    "Research Data Management": (
        ["research data", "open science", "ethics"],
        ["data management plans", "repositories", "metadata"],
    ),
    "Teaching in Higher Education": (
        ["teaching", "pedagogy", "assessment"],
        ["lesson plans", "rubrics", "feedback"],
    ),
    "Online Tutoring": (
        ["teaching", "online learning", "mentoring"],
        ["tutorials", "study plans", "feedback"],
    ),
    "Early Years Education": (
        ["early years", "childcare", "play"],
        ["activity plans", "observations", "learning journals"],
    ),
    "Spanish Language": (
        ["spanish", "languages", "communication"],
        ["conversations", "letters", "presentations"],
    ),
    "French Language": (
        ["french", "languages", "communication"],
        ["conversations", "letters", "presentations"],
    ),
    "German Language": (
        ["german", "languages", "communication"],
        ["conversations", "letters", "presentations"],
    ),
    "Mandarin Chinese": (
        ["mandarin", "languages", "culture"],
        ["dialogues", "characters", "presentations"],
    ),
    "Bookkeeping": (
        ["accounting", "finance", "bookkeeping"],
        ["ledgers", "reconciliations", "VAT returns"],
    ),
    "Financial Literacy": (
        ["finance", "budgeting", "money"],
        ["budgets", "savings plans", "comparisons"],
    ),
    "Entrepreneurship": (
        ["entrepreneurship", "business", "innovation"],
        ["business plans", "pitches", "prototypes"],
    ),
    "Leadership": (
        ["leadership", "management", "coaching"],
        ["team plans", "one-to-ones", "strategies"],
    ),
    "Diversity and Inclusion": (
        ["inclusion", "equality", "culture"],
        ["policies", "workshops", "audits"],
    ),
    "Photography": (["photography", "editing", "visual arts"], ["portfolios", "shoots", "edits"]),
    "Music Production": (["music", "audio", "production"], ["mixes", "recordings", "arrangements"]),
    "Creative Writing": (
        ["writing", "storytelling", "literature"],
        ["short stories", "poems", "scripts"],
    ),
    "Marine Biology": (
        ["biology", "marine science", "fieldwork"],
        ["surveys", "samples", "field reports"],
    ),
    "Laboratory Skills": (
        ["laboratory", "chemistry", "safety"],
        ["experiments", "lab reports", "titrations"],
    ),
    "Astronomy": (["astronomy", "physics", "observation"], ["observations", "star charts", "logs"]),
    "Geographic Information Systems": (
        ["gis", "mapping", "data"],
        ["maps", "spatial analyses", "surveys"],
    ),
    "Supply Chain Management": (
        ["logistics", "supply chain", "operations"],
        ["forecasts", "inventories", "supplier reviews"],
    ),
    "Hospitality Management": (
        ["hospitality", "tourism", "service"],
        ["events", "rotas", "guest plans"],
    ),
    "Digital Literacy": (
        ["digital skills", "computers", "online safety"],
        ["documents", "searches", "accounts"],
    ),
    "Volunteering": (
        ["volunteering", "community", "citizenship"],
        ["projects", "events", "campaigns"],
    ),
    "Coaching Sport": (
        ["sport", "coaching", "fitness"],
        ["training sessions", "match plans", "drills"],
    ),
}
LEVEL_WORDS = {
    Level.INTRODUCTORY: [
        "Introduction to",
        "Foundations of",
        "Getting Started with",
        "Essentials of",
    ],
    Level.INTERMEDIATE: ["Applied", "Practical", "Intermediate", "Working with"],
    Level.ADVANCED: ["Advanced", "Professional", "Specialist", "Higher"],
    Level.EXPERT: ["Expert", "Master Class in", "Leading", "Strategic"],
}
SUFFIXES = ["", "", "", " Practitioner", " Award", " Certificate", " Skills", " Level 2",
            " Level 3", " for Beginners", " in Practice", " Champion", " Lab"]  # fmt: skip
FRAMEWORKS = [
    ("ESCO", "https://esco.ec.europa.eu/en/classification/skill_main", "S"),
    ("O*NET", "https://www.onetonline.org/", "15-"),
    ("SFIA", "https://sfia-online.org/en/sfia-8/skills", "SFIA-"),
    ("DigComp", "https://joint-research-centre.ec.europa.eu/digcomp", "DC"),
    ("EQF", "https://europa.eu/europass/en/european-qualifications-framework-eqf", "EQF-"),
    ("CEFR", "https://www.coe.int/en/web/common-european-framework-reference-languages", "B"),
    ("ISTE", "https://iste.org/standards", "ISTE-"),
    ("NICE", "https://niccs.cisa.gov/workforce-development/nice-framework", "NICE-"),
]
LANGUAGES = ["en"] * 17 + ["fr", "de", "es", "nl", "pt", "it"]
PLACES = ["Northbridge", "Riverside", "Eastfield", "Westmoor", "Highcliff", "Lakeside", "Kingsport",
          "Ashford", "Brookvale", "Coldharbour", "Dunmore", "Elmstead", "Fairhaven", "Glenrock",
          "Harrowgate", "Ironbridge", "Juniper Bay", "Kestrel Point", "Longford", "Millbrook",
          "Newhaven", "Oakridge", "Port Ellis", "Queensford", "Redcliffe", "Stonebury"]  # fmt: skip
KINDS_OF_ISSUER = ["University of {}", "{} College", "{} Skills Academy",
                   "{} Training Centre", "{} Health Trust", "{} Institute of Technology",
                   "{} Community Learning", "{} Chamber of Commerce", "{} School of Arts",
                   "{} Volunteers Network"]  # fmt: skip


@contextmanager
def explicit_created_at():
    """Let bulk_create keep the creation dates we give (auto_now_add would overwrite them)."""
    fields = [model._meta.get_field("created_at") for model in (BadgeClass, Issuer, Assertion)]
    saved = [f.auto_now_add for f in fields]
    for f in fields:
        f.auto_now_add = False
    try:
        yield
    finally:
        for f, value in zip(fields, saved, strict=True):
            f.auto_now_add = value


class Command(BaseCommand):
    help = (
        "Generate a catalogue of badge classes from many issuers (realistic names, "
        "descriptions, tags, alignments, levels, types, time to earn, costs, languages, "
        "awards), with a fixed seed, and index it. Adds to what the database holds."
    )

    def add_arguments(self, parser):
        parser.add_argument("--badges", type=int, default=100_000, help="How many badge classes.")
        parser.add_argument("--issuers", type=int, default=400, help="How many issuers.")
        parser.add_argument("--seed", type=int, default=20261125, help="Random seed.")
        parser.add_argument(
            "--awards-per-badge",
            type=float,
            default=1.5,
            help="Mean awards per badge class (most have none, a few have many).",
        )
        parser.add_argument("--no-index", action="store_true", help="Do not index afterwards.")

    def handle(self, *args, badges, issuers, seed, awards_per_badge, no_index, **options):
        if badges < 1 or issuers < 1 or awards_per_badge < 0:
            raise CommandError("--badges and --issuers must be 1 or more, awards 0 or more.")
        rng = random.Random(seed)
        now = timezone.now()
        png = io.BytesIO()
        Image.new("RGBA", (240, 240), "#1f6f43").save(png, format="PNG")
        image = default_storage.save(IMAGE_NAME, ContentFile(png.getvalue()))
        with explicit_created_at(), transaction.atomic():
            issuer_rows = self.make_issuers(rng, issuers, now)
            badge_ids = self.make_badges(rng, badges, issuer_rows, image, now)
            self.make_awards(rng, badge_ids, awards_per_badge, now)
            rollup_rebuild()  # the awards were written in bulk, past the roll-up's receivers
        if not no_index:
            for kind in (BADGES, ISSUERS):
                bar = ProgressBar(f"index {kind}", index_size(kind=kind), out=self.stderr)
                index_rebuild(kind=kind, progress=bar.advance)
                bar.close()
        self.stdout.write(self.style.SUCCESS(f"Generated {badges} badge classes."))

    def make_issuers(self, rng, count: int, now) -> list[Issuer]:
        rows = []
        for number in range(count):
            place = PLACES[number % len(PLACES)]
            name = KINDS_OF_ISSUER[(number // len(PLACES)) % len(KINDS_OF_ISSUER)].format(place)
            if number >= len(PLACES) * len(KINDS_OF_ISSUER):
                name += f" {number // (len(PLACES) * len(KINDS_OF_ISSUER)) + 1}"
            slug = "".join(ch for ch in name.lower() if ch.isalnum())[:40]
            rows.append(
                Issuer(
                    name=name,
                    description=f"{name} recognises learning with open badges.",
                    url=f"https://{slug}.example.org",
                    email=f"badges@{slug}.example.org",
                    created_at=now - timedelta(days=rng.randint(400, 3000)),
                )
            )
        return Issuer.objects.bulk_create(rows, batch_size=BATCH)

    def make_badges(self, rng, count: int, issuers: list[Issuer], image: str, now) -> list[int]:
        # A few issuers publish most badges, as in real catalogues.
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(issuers))]
        subjects = list(SUBJECTS)
        bar = ProgressBar("badges", count, out=self.stderr)
        ids: list[int] = []
        for start in range(0, count, BATCH):
            rows = []
            for _ in range(min(BATCH, count - start)):
                issuer = rng.choices(issuers, weights)[0]
                rows.append(self.badge(rng, issuer, rng.choice(subjects), image, now))
            ids += [badge.pk for badge in BadgeClass.objects.bulk_create(rows)]
            bar.advance(len(rows))
        bar.close()
        return ids

    def badge(self, rng, issuer: Issuer, subject: str, image: str, now) -> BadgeClass:
        tags, nouns = SUBJECTS[subject]
        level = rng.choice(list(Level))
        name = f"{rng.choice(LEVEL_WORDS[level])} {subject}{rng.choice(SUFFIXES)}"
        noun = rng.choice(nouns)
        description = (
            f"Earners of this badge can plan and deliver {noun} in {subject.lower()}. "
            f"{rng.choice(['It is open to anyone', 'It suits people at work', 'It is designed for students', 'It is aimed at volunteers'])}"  # noqa: E501
            f" and takes {rng.choice(['a short course', 'a project', 'a supervised placement', 'an online module'])}"  # noqa: E501
            f" with {rng.choice(['an assessed portfolio', 'a practical test', 'peer review', 'a reflective log'])}."  # noqa: E501
        )
        alignments = []
        for framework, url, code in rng.sample(FRAMEWORKS, rng.choice([0, 1, 1, 2, 3])):
            alignments.append(
                {
                    "targetName": f"{subject} ({rng.choice(nouns)})",
                    "targetUrl": url,
                    "targetFramework": framework,
                    "targetCode": f"{code}{rng.randint(1, 9)}.{rng.randint(1, 99)}",
                }
            )
        extra_tags = rng.sample(["online", "workplace", "beginner", "portfolio", "fieldwork",
                                 "blended", "assessed", "community", "stem", "soft skills"],
                                rng.randint(0, 2))  # fmt: skip
        unit = rng.choice(list(TimeUnit))
        paid = rng.random() < 0.35
        return BadgeClass(
            issuer=issuer,
            name=name,
            description=description,
            image=image,
            criteria_narrative=f"Submit {noun} that show the skills below; "
            f"an assessor from {issuer.name} checks each one.",
            alignments=alignments,
            tags=rng.sample(tags, rng.randint(1, len(tags))) + extra_tags,
            time_to_earn_value=rng.randint(1, {"hours": 60, "days": 10, "weeks": 12}.get(unit, 6)),
            time_to_earn_unit=unit,
            level=level,
            badge_type=rng.choice(list(BadgeType)),
            cost_amount=Decimal(rng.choice([15, 25, 49, 99, 150, 299, 450])) if paid else None,
            cost_currency=rng.choice(["EUR", "GBP", "USD"]) if paid else "",
            language=rng.choice(LANGUAGES),
            created_at=now - timedelta(minutes=rng.randint(0, 5 * 365 * 24 * 60)),
        )

    def make_awards(self, rng, badge_ids: list[int], mean: float, now) -> None:
        # Most badges are never earned; earned ones follow a long tail (Pareto).
        share = 0.3
        counts = {
            pk: min(int(rng.paretovariate(1.5) * mean / share / 3), 5000)
            for pk in badge_ids
            if rng.random() < share
        }
        total = sum(counts.values())
        issuers = dict(BadgeClass.objects.filter(pk__in=counts).values_list("pk", "issuer_id"))
        bar = ProgressBar("awards", total, out=self.stderr)
        rows = []
        for pk, count in counts.items():
            for number in range(count):
                rows.append(
                    Assertion(
                        badge_class_id=pk,
                        issuer_id=issuers[pk],
                        recipient_type=RecipientType.EMAIL,
                        recipient_identity=f"learner{pk}-{number}@example.org",
                        salt=make_salt(),
                        issued_on=now - timedelta(days=rng.randint(0, 700)),
                        created_at=now,
                    )
                )
                if len(rows) == BATCH:
                    Assertion.objects.bulk_create(rows)
                    bar.advance(len(rows))
                    rows = []
        Assertion.objects.bulk_create(rows)
        bar.advance(len(rows))
        bar.close()
