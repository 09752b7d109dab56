"""The demo's privacy notice and terms of entry: sample texts to adapt.

They are written for a public body collecting entries from people aged 13 and
over, including 13 to 17-year-olds with a parent's or guardian's agreement, and
say at the top that they are templates: an organiser must have them checked
against its own processing before going live.
"""

from wagtail.models import Page

from .models import HomePage, InformationPage, SiteSettings

TEMPLATE_WARNING = (
    "<p><strong>This is a sample text for the demo. Adapt it to your organisation "
    "and have it checked before you use it.</strong></p>"
)

PRIVACY_NOTICE = {
    "slug": "privacy",
    "title": "Privacy notice",
    "intro": "What we collect when you join or enter, why, and your rights.",
    "body": TEMPLATE_WARNING
    + """
<h2>Who we are</h2>
<p>The Department for Community Voices runs these open calls with partner
communities. We are the controller of the personal data described here.</p>
<h2>What we collect</h2>
<ul>
<li>Your email address and password (stored as a one-way hash), to run your
account. Your email address is never shown to anyone else.</li>
<li>Your handle, which is public and shown with your entries.</li>
<li>Your entries, the age band you choose and, if you are 13 to 17, that a parent
or guardian agrees.</li>
<li>Which partner community sent you, if any, so we can credit it.</li>
</ul>
<h2>Why, and on what basis</h2>
<p>We use this information to run the competitions you enter (our public task) and
to keep them safe. Photos and films are checked and their hidden data (such as
where a photo was taken) removed before anyone else can see them.</p>
<h2>Young people</h2>
<p>You must be 13 or over to enter. If you are 13 to 17, a parent or guardian must
agree to your entry. Moderators look out for personal details in entries from
young people and ask for them to be removed.</p>
<h2>Who sees what</h2>
<p>Volunteer moderators from partner communities and judging panels see entries
and handles, never email addresses. Approved entries are public in the
showcase.</p>
<h2>How long we keep it</h2>
<p>Drafts you delete are gone at once. Entries are kept for the competition and
for two years after its results, then deleted or anonymised.</p>
<h2>Your rights</h2>
<p>You can see, correct, download or delete your data, and object to how we use
it. Write to opencall@example.org. You can also complain to the Information
Commissioner's Office.</p>""",
}

TERMS_OF_ENTRY = {
    "slug": "terms",
    "title": "Terms of entry",
    "intro": "The rules every entry follows, whatever the competition.",
    "body": TEMPLATE_WARNING
    + """
<h2>Who can enter</h2>
<p>Anyone aged 13 or over with an account. If you are 13 to 17, a parent or
guardian must agree. Each competition may add its own rules and limits.</p>
<h2>Your work</h2>
<p>Your entry must be your own work and must not include anyone's personal details
(including your own surname, address, school or phone number). You keep the
copyright; the licence you choose says how we may show it.</p>
<h2>Moderation</h2>
<p>Volunteer moderators review entries and may approve, reject or ask for changes,
with a reason. You can appeal a rejection once.</p>
<h2>Withdrawing</h2>
<p>You can withdraw an entry at any time until the results are published. A public
copy is then removed.</p>
<h2>Prizes and voting</h2>
<p>Judges' decisions are final. Public votes are checked, and votes that break the
rules are excluded and reported, never silently removed.</p>""",
}


def ensure_information_pages(*, home: HomePage) -> None:
    """Create or refresh the two pages and choose them in site settings."""
    pages = [_ensure_page(home, text) for text in (PRIVACY_NOTICE, TERMS_OF_ENTRY)]
    site_settings = SiteSettings.load()
    site_settings.privacy_notice, site_settings.terms_of_entry = pages
    site_settings.save()


def _ensure_page(home: HomePage, text: dict) -> Page:
    page = InformationPage.objects.child_of(home).filter(slug=text["slug"]).first()
    if page is None:
        page = InformationPage(
            slug=text["slug"], title=text["title"], body=text["body"]
        )
        home.add_child(instance=page)
    page.title, page.intro, page.body = text["title"], text["intro"], text["body"]
    page.save_revision().publish()
    return page
