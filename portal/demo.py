"""Demo content for `manage.py demo_setup`: an issuer, badges, catalogues, pathways, a learner.

Everything goes through the real services (badges.services, accounts.services, Wagtail's
page API), so the demo obeys the same rules as real content. Running it again adds
nothing twice.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Locale

from accounts.models import User
from accounts.services import user_create, user_profile_update
from badges.models import BadgeClass, Issuer
from badges.selectors import assertion_list_for_recipient
from badges.services.awards import assertion_award
from badges.services.badge_classes import badge_class_create, badge_class_update
from badges.services.badge_translations import badge_class_translation_save
from badges.services.claim_codes import claim_code_create
from badges.services.issuers import issuer_create

from .models import (
    CatalogueIndexPage,
    CataloguePage,
    HomePage,
    PathwayIndexPage,
    PathwayPage,
    SiteSettings,
    StandardPage,
)
from .services import pathway_follow

ISSUER_NAME = "Laurel Demo College"
LEARNER_EMAIL = "learner@laurel.test"
LEARNER_PASSWORD = "laurel-demo-learner"
LEARNER_NAME = "Sam Rivera"

# name: (colour, initials, level, type, hours, tags, description)
BADGES = {
    "Python Basics": ("#1f6f43", "Py", "introductory", "skill", 10, ["python", "programming"],
                      "Writes small Python programs with functions, loops and tests."),
    "Data Wrangling with pandas": ("#2f5d8a", "Pd", "intermediate", "skill", 15,
                                   ["python", "data"], "Cleans and reshapes tabular data."),
    "SQL Fundamentals": ("#7a3e9d", "SQL", "introductory", "skill", 8, ["data", "sql"],
                         "Queries relational databases with joins and aggregates."),
    "Data Visualisation": ("#b04a1a", "Vis", "intermediate", "skill", 12, ["data"],
                           "Chooses and builds honest, readable charts."),
    "Statistics for Analysts": ("#8a6d00", "St", "intermediate", "competency", 20, ["data"],
                                "Applies descriptive statistics and simple tests to real data."),
    "Data Analyst": ("#143d2a", "DA", "advanced", "certificate", None, ["data", "career"],
                     "Completed the Data Analyst earning pathway."),
    "Inclusive Facilitation": ("#9d2b5b", "IF", "introductory", "participation", 4,
                               ["teaching"], "Runs sessions where every learner can take part."),
    "Accessibility Essentials": ("#0f5e73", "A11y", "introductory", "skill", 6,
                                 ["teaching", "accessibility"],
                                 "Makes documents and slides that work for everyone."),
    "Online Course Design": ("#4a4fa3", "OCD", "intermediate", "skill", 16, ["teaching"],
                             "Designs an online course with clear outcomes and activities."),
    "Assessment Design": ("#6b4f1d", "AD", "intermediate", "skill", 10, ["teaching"],
                          "Designs fair assessments aligned with outcomes."),
    "Digital Educator": ("#2b2b6b", "DE", "advanced", "certificate", None, ["teaching", "career"],
                         "Completed the Digital Educator earning pathway."),
}  # fmt: skip
LEARNER_AWARDS = ["Python Basics", "SQL Fundamentals", "Inclusive Facilitation"]
# Badges a learner applies for with evidence, and the criteria a reviewer checks one by one.
APPLYING = {
    "Accessibility Essentials": ["Caption a video", "Check a document with a screen reader"],
    "Online Course Design": ["Write measurable outcomes", "Plan the activities of one week"],
}
# A badge in the site's other languages, as an issuer teaching in several would give it.
TRANSLATIONS = {
    "Python Basics": {
        "fr": ("Les bases de Python",
               "Écrit de petits programmes Python avec des fonctions, des boucles et des tests."),
        "de": ("Python-Grundlagen",
               "Schreibt kleine Python-Programme mit Funktionen, Schleifen und Tests."),
        "es": ("Fundamentos de Python",
               "Escribe pequeños programas en Python con funciones, bucles y pruebas."),
        "nl": ("Basis van Python",
               "Schrijft kleine Python-programma's met functies, lussen en tests."),
    },
}  # fmt: skip
# The home page in the site's other languages, as an editor translates it (the pages under it
# stay English until translated, and answer in every language meanwhile).
HOME_TRANSLATIONS = {
    "fr": ("Trouvez, obtenez et partagez des Open Badges",
           "Parcourez les badges d'émetteurs de confiance, obtenez-les avec vos preuves et "
           "gardez-les dans un sac à dos que vous maîtrisez.",
           "Rechercher des badges", "Derniers badges"),
    "de": ("Open Badges finden, erwerben und teilen",
           "Entdecken Sie Badges vertrauenswürdiger Aussteller, erwerben Sie sie mit Belegen "
           "und bewahren Sie sie in einem Rucksack auf, über den Sie selbst bestimmen.",
           "Badges suchen", "Neueste Badges"),
    "es": ("Encuentra, obtén y comparte Open Badges",
           "Explora insignias de emisores de confianza, obtenlas con evidencias y guárdalas en "
           "una mochila que tú controlas.",
           "Buscar insignias", "Últimas insignias"),
    "nl": ("Open Badges vinden, behalen en delen",
           "Bekijk badges van betrouwbare uitgevers, behaal ze met bewijs en bewaar ze in een "
           "rugzak die jij beheert.",
           "Badges zoeken", "Nieuwste badges"),
}  # fmt: skip
# A multi-use claim code, as handed out at a workshop.
CLAIM_BADGE = "Assessment Design"


@dataclass
class DemoResult:
    learner_email: str
    learner_password: str
    pages: list[str]
    claim_code: str
    applying: list[str]


def svg_badge(colour: str, initials: str) -> bytes:
    size = 28 if len(initials) > 2 else 36
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200" viewBox="0 0 200 200">'
        f'<circle cx="100" cy="100" r="92" fill="{colour}"/>'
        '<circle cx="100" cy="100" r="78" fill="none" stroke="#ffffff" stroke-width="4"/>'
        f'<text x="100" y="114" font-family="sans-serif" font-size="{size}" font-weight="700" '
        f'fill="#ffffff" text-anchor="middle">{initials}</text></svg>'
    ).encode()


@transaction.atomic
def demo_content_create(*, admin: User) -> DemoResult:
    issuer = Issuer.objects.filter(name=ISSUER_NAME).first() or issuer_create(
        user=admin,
        name=ISSUER_NAME,
        url="https://college.example.org",
        email=admin.email,
        description="A made-up college that issues the demo badges.",
    )
    badges = {name: _badge(issuer, admin, name, spec) for name, spec in BADGES.items()}
    for name, versions in TRANSLATIONS.items():
        for language, (title, description) in versions.items():
            badge_class_translation_save(
                badge_class=badges[name],
                user=admin,
                language=language,
                name=title,
                description=description,
            )
    home = HomePage.objects.get(locale=Locale.get_default())
    pages = _pages(home, badges)
    _settings(home, pages["about"])
    _home_translations(home, admin)
    learner = _learner(badges, admin)
    _collection(learner)
    pathway_follow(user=learner, page=pages["analyst"])
    _applications(badges, admin)
    return DemoResult(
        learner_email=LEARNER_EMAIL,
        learner_password=LEARNER_PASSWORD,
        pages=[page.url for page in pages.values()],
        claim_code=_claim_code(badges[CLAIM_BADGE], admin),
        applying=[badges[name].entity_id for name in APPLYING],
    )


def _applications(badges: dict[str, BadgeClass], admin: User) -> None:
    """Some badges are earned by applying: criteria as a list, each reflected on and reviewed."""
    for name, criteria in APPLYING.items():
        badge = badges[name]
        if not badge.accepts_applications:
            badge_class_update(
                badge_class=badge,
                user=admin,
                accepts_applications=True,
                criteria_narrative="Show that you can:\n\n"
                + "\n".join(f"- {item}" for item in criteria),
            )


def _claim_code(badge: BadgeClass, admin: User) -> str:
    from badges.models import ClaimCode

    code = ClaimCode.objects.filter(badge_class=badge, multi_use=True).first()
    if code is None:
        (code,) = claim_code_create(
            badge_class=badge, user=admin, multi_use=True, max_uses=500, note="Demo workshop"
        )
    return code.formatted


def _badge(issuer: Issuer, admin: User, name: str, spec: tuple) -> BadgeClass:
    existing = BadgeClass.objects.filter(issuer=issuer, name=name).first()
    if existing:
        return existing
    colour, initials, level, badge_type, hours, tags, description = spec
    return badge_class_create(
        issuer=issuer,
        user=admin,
        image=svg_badge(colour, initials),
        image_name="badge.svg",
        name=name,
        description=description,
        criteria_narrative=f"Show evidence that you can: {description[0].lower()}{description[1:]}",
        level=level,
        badge_type=badge_type,
        tags=tags,
        time_to_earn_value=hours,
        time_to_earn_unit="hours" if hours else "",
    )


def _learner(badges: dict[str, BadgeClass], admin: User) -> User:
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    if learner is None:
        learner = user_create(email=LEARNER_EMAIL, password=LEARNER_PASSWORD, verified=True)
        # Named on the pages they share, as a learner who filled in their profile is.
        user_profile_update(user=learner, display_name=LEARNER_NAME, show_name_publicly=True)
    else:
        learner.set_password(LEARNER_PASSWORD)
        learner.save(update_fields=["password"])
    held = set(
        assertion_list_for_recipient(identities=[LEARNER_EMAIL]).values_list(
            "badge_class__name", flat=True
        )
    )
    for name in LEARNER_AWARDS:
        if name not in held:
            assertion_award(
                badge_class=badges[name],
                user=admin,
                recipient_identity=LEARNER_EMAIL,
                notify=False,
            )
    return learner


def _collection(learner: User) -> None:
    """The learner accepted their awards and shows them in a public collection."""
    from backpack.models import Acceptance
    from backpack.selectors import backpack_assertion_list
    from backpack.services import backpack_acceptance_set, collection_create

    if learner.collections.exists():
        return
    held = list(backpack_assertion_list(user=learner))
    for assertion in held:
        backpack_acceptance_set(user=learner, assertion=assertion, acceptance=Acceptance.ACCEPTED)
    collection_create(
        user=learner,
        name="My data skills",
        description="Badges I earned at Laurel Demo College.",
        published=True,
        assertion_ids=[assertion.entity_id for assertion in held],
    )


def add_page(parent, page):
    """Add and publish `page` under `parent`, or return the page already at that slug."""
    existing = parent.get_children().filter(slug=page.slug).specific().first()
    if existing:
        return existing
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


# Raw StreamField data, as Wagtail stores it; tests build pathways with these too.


def stream_block(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def badge_list_block(
    heading: str, *, badges=(), tags: str = "", order: str = "newest", limit: int = 12
) -> dict:
    """A badge list block: the badges chosen by hand, or (with none) those a rule finds."""
    return stream_block(
        "badge_list",
        {
            "heading": heading,
            "source": "chosen" if badges else "rule",
            "badges": list(badges),
            "issuer": None,
            "tags": tags,
            "level": "",
            "badge_type": "",
            "order": order,
            "limit": limit,
        },
    )


def badge_step(
    badge: BadgeClass, code: str = "", requires: str = "", note: str = "", optional: bool = False
) -> dict:
    return stream_block(
        "badge",
        {"badge": badge.pk, "code": code, "requires": requires, "optional": optional, "note": note},
    )


def step_group(
    title: str,
    items: list[dict],
    rule: str = "all",
    n: int | None = None,
    completion_badge: BadgeClass | None = None,
    completion: str = "auto",
    code: str = "",
    requires: str = "",
    optional: bool = False,
) -> dict:
    completion_badge_id = completion_badge.pk if completion_badge else None
    return stream_block(
        "group",
        {
            "title": title, "rule": rule, "n": n, "optional": optional, "code": code,
            "requires": requires, "completion_badge": completion_badge_id,
            "completion": completion, "items": items,
        },
    )  # fmt: skip


def _pages(home: HomePage, badges: dict[str, BadgeClass]) -> dict:
    catalogues = add_page(
        home,
        CatalogueIndexPage(
            title="Catalogues",
            slug="catalogues",
            show_in_menus=True,
            intro="<p>Badge catalogues curated by our editors.</p>",
        ),
    )
    pathway_index = add_page(
        home,
        PathwayIndexPage(
            title="Pathways",
            slug="pathways",
            show_in_menus=True,
            intro="<p>Earning pathways: badges in a sensible order, towards a bigger goal.</p>",
        ),
    )
    analyst = add_page(
        pathway_index,
        PathwayPage(
            title="Become a data analyst",
            slug="data-analyst",
            intro="<p>From your first Python program to analysing real data.</p>",
            completion_badge=badges["Data Analyst"],
            steps=[
                stream_block("note", "<p>Start with Python: everything else builds on it.</p>"),
                badge_step(badges["Python Basics"], code="python-basics"),
                stream_block(
                    "activity",
                    {
                        "title": "Work through a free pandas tutorial",
                        "link": "https://pandas.pydata.org/docs/getting_started/",
                        "note": "About six hours; it prepares you for the pandas badge.",
                    },
                ),
                step_group(
                    "Working with data",
                    [
                        badge_step(badges["Data Wrangling with pandas"], requires="python-basics"),
                        badge_step(badges["SQL Fundamentals"]),
                        badge_step(badges["Data Visualisation"]),
                    ],
                    rule="n_of_m",
                    n=2,
                ),
                badge_step(badges["Statistics for Analysts"], note="Best taken last."),
            ],
        ),
    )
    educator = add_page(
        pathway_index,
        PathwayPage(
            title="Digital educator",
            slug="digital-educator",
            intro="<p>Teach well online: inclusive, accessible and well designed.</p>",
            completion_badge=badges["Digital Educator"],
            completion="review",
            steps=[
                step_group(
                    "Foundations",
                    [
                        badge_step(badges["Inclusive Facilitation"]),
                        badge_step(badges["Accessibility Essentials"]),
                    ],
                ),
                step_group(
                    "Design",
                    [
                        badge_step(badges["Online Course Design"]),
                        badge_step(badges["Assessment Design"]),
                    ],
                    rule="n_of_m",
                    n=1,
                ),
            ],
        ),
    )
    data = add_page(
        catalogues,
        CataloguePage(
            title="Data and programming",
            slug="data-and-programming",
            intro="<p>Badges for people who work with code and data.</p>",
            body=[
                stream_block("text", "<h2>Start here</h2><p>New to programming? Begin with:</p>"),
                stream_block("badge", badges["Python Basics"].pk),
                badge_list_block(
                    "Most earned data badges", tags="data", order="most_earned", limit=6
                ),
                stream_block("pathway", {"pathway": analyst.pk, "text": ""}),
            ],
        ),
    )
    teaching = add_page(
        catalogues,
        CataloguePage(
            title="Teaching and learning",
            slug="teaching-and-learning",
            intro="<p>Badges for teachers, trainers and learning designers.</p>",
            body=[
                badge_list_block(
                    "For educators",
                    badges=[
                        badges[n].pk
                        for n in (
                            "Inclusive Facilitation",
                            "Accessibility Essentials",
                            "Online Course Design",
                            "Assessment Design",
                        )
                    ],
                ),
                stream_block(
                    "call_to_action",
                    {
                        "heading": "Ready for the whole journey?",
                        "text": "Follow the Digital educator pathway and track your progress.",
                        "button_label": "See the pathway",
                        "page": educator.pk,
                        "url": "",
                    },
                ),
            ],
        ),
    )
    about = add_page(
        home,
        StandardPage(
            title="About",
            slug="about",
            show_in_menus=True,
            intro="<p>Laurel is an Open Badges platform.</p>",
            body="<p>Issuers award badges; learners collect and share them; anyone can verify "
            "them. This demo runs on made-up content.</p>",
        ),
    )
    if not home.featured:
        home.featured = [stream_block("page", p.pk) for p in (data, analyst, teaching, educator)]
        home.save_revision().publish()
    return {
        "catalogues": catalogues,
        "data": data,
        "teaching": teaching,
        "pathways": pathway_index,
        "analyst": analyst,
        "educator": educator,
        "about": about,
    }


def _home_translations(home: HomePage, admin: User) -> None:
    for code, (heading, intro, search_label, latest) in HOME_TRANSLATIONS.items():
        locale = Locale.objects.get(language_code=code)
        page = home.get_translation_or_none(locale) or home.copy_for_translation(locale)
        page = page.specific
        page.hero_heading, page.intro = heading, f"<p>{intro}</p>"
        page.search_label, page.latest_badges_heading = search_label, latest
        page.save_revision(user=admin).publish()


def _settings(home: HomePage, about: StandardPage) -> None:
    site_settings = SiteSettings.for_site(home.get_site())
    if not site_settings.footer_links:
        site_settings.footer_links = [
            stream_block("link", {"label": "About", "page": about.pk, "url": ""}),
            stream_block(
                "link", {"label": "Open Badges", "page": None, "url": "https://openbadges.org"}
            ),
        ]
        site_settings.social_links = [
            stream_block("link", {"platform": "mastodon", "url": "https://mastodon.social/@laurel"})
        ]
        site_settings.save()
