"""The demo world's three fictional partner communities, each with a drawn logo."""

from core.demo import demo_image

from .models import PartnerCommunity

PARTNERS = [
    {
        "slug": "studyhub",
        "name": "StudyHub",
        "website": "https://studyhub.example.org",
        "description": "<p>A forum where students swap notes, worries and wins.</p>",
        "partnership_offer": "<p>A badge for every entrant, a reciprocal link, "
        "and credit for StudyHub's volunteer moderators on every result.</p>",
        "embed_origins": "https://studyhub.example.org",
    },
    {
        "slug": "parents-together",
        "name": "Parents Together",
        "website": "https://parents-together.example.org",
        "description": "<p>A friendly forum for parents and carers.</p>",
        "partnership_offer": "<p>Showcase space for members' work and a "
        "partner report after each call.</p>",
        "embed_origins": "https://parents-together.example.org",
    },
    {
        "slug": "patient-voices",
        "name": "Patient Voices",
        "website": "https://patient-voices.example.org",
        "description": "<p>A community of patients and carers sharing experience.</p>",
        "partnership_offer": "<p>Prizes for members and a reciprocal link.</p>",
        "embed_origins": "https://patient-voices.example.org\n"
        "https://community.patient-voices.example.org",
    },
]


def ensure_partners() -> dict[str, PartnerCommunity]:
    """Create or refresh the demo partners; return them by slug."""
    return {spec["slug"]: _ensure_partner(spec) for spec in PARTNERS}


def _ensure_partner(spec: dict) -> PartnerCommunity:
    partner, _created = PartnerCommunity.objects.update_or_create(
        slug=spec["slug"],
        defaults={
            **{key: value for key, value in spec.items() if key != "slug"},
            "logo": demo_image(f"logo-{spec['slug']}", size=(480, 240)),
        },
    )
    return partner
