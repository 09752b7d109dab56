"""The safeguarding check: personal information in young entrants' entries.

The text check is a pure function, so most of this is property tests: whatever
ordinary words surround an email address, a phone number or a postcode, it is
found, as written; ordinary sentences of words, punctuation and everyday
numbers give nothing; no text at all makes it fail. The submit hook flags an
entry by a 13 to 17-year-old (and never changes its status), not an adult's,
and works its flags out again on each submit.
"""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from competitions.enums import EntryKind
from moderation.enums import FindingKind
from moderation.models import SafeguardingFlag
from moderation.safeguarding import (
    MOST_FINDINGS,
    Finding,
    entry_texts,
    find_personal_information,
    html_text,
)
from moderation.services import flag_entry
from submissions.enums import AgeBand, EntryStatus
from submissions.models import Entry
from submissions.services import entry_submit
from tests.factories import CompetitionPageFactory, EntryFactory

EMAIL, PHONE = FindingKind.EMAIL, FindingKind.PHONE
ADDRESS, POSTCODE, HANDLE = (
    FindingKind.ADDRESS,
    FindingKind.POSTCODE,
    FindingKind.HANDLE,
)

# Everyday words, street words among them ("way", "close", "place", "road"):
# without a house number and capitals they are prose.
VOCABULARY = (
    "the a and of to in my we cat cats dog bus buses school friend friends first "
    "year story snow fell on quiet harbour town road way close place court park "
    "green hill walked ran home night morning about words long short happy sad "
    "mum dad sister brother team game won lost new old there here when then it "
    "was is are be at by with for from up down far near"
).split()
PUNCTUATION = list(".,;:!?'\"()-") + ["...", " -", "—"]

words = st.sampled_from(VOCABULARY)
numbers = st.one_of(
    st.integers(0, 999).map(str),
    st.integers(1900, 2030).map(str),  # years
    st.integers(1000, 99999).map(lambda n: f"{n:,}"),  # "1,500 words"
    st.integers(0, 99).map(lambda n: f"{n}%"),
)
tokens = st.one_of(words, words, words, numbers)


@st.composite
def sentences(draw) -> str:
    """Return a sentence of everyday words and numbers, with punctuation."""
    parts = []
    for token in draw(st.lists(tokens, min_size=1, max_size=15)):
        if draw(st.booleans()) and draw(st.booleans()):
            token += draw(st.sampled_from(PUNCTUATION))
        parts.append(token)
    parts[0] = parts[0].capitalize()
    return " ".join(parts) + draw(st.sampled_from([".", "!", "?", ""]))


prose = st.lists(sentences(), max_size=3).map(" ".join)


def digits(count: int):
    return st.text("0123456789", min_size=count, max_size=count)


@st.composite
def emails(draw) -> str:
    local = draw(
        st.from_regex(r"[a-z][a-z0-9]{0,8}([._+-][a-z0-9]{1,6})?", fullmatch=True)
    )
    domain = draw(
        st.from_regex(r"[a-z][a-z0-9]{0,10}(-[a-z0-9]{1,5})?", fullmatch=True)
    )
    tld = draw(st.sampled_from(["com", "co.uk", "org", "net", "ac.uk", "io"]))
    address = f"{local}@{domain}.{tld}"
    return address.upper() if draw(st.booleans()) and draw(st.booleans()) else address


@st.composite
def uk_phones(draw) -> str:
    """Return a UK mobile or London number in one of the ways people write them."""
    mobile = "7" + draw(digits(9))
    london = "20" + draw(digits(8))
    return draw(
        st.sampled_from(
            [
                f"0{mobile[:4]} {mobile[4:]}",
                f"0{mobile}",
                f"0{mobile[:4]}-{mobile[4:7]}-{mobile[7:]}",
                f"0{mobile[:4]} {mobile[4:7]} {mobile[7:]}",
                f"+44 {mobile[:4]} {mobile[4:]}",
                f"+44{mobile}",
                f"+44 (0){mobile[:4]} {mobile[4:]}",
                f"0044 {mobile[:4]} {mobile[4:]}",
                f"(020) {london[2:6]} {london[6:]}",
                f"020 {london[2:6]} {london[6:]}",
                f"+44 20 {london[2:6]} {london[6:]}",
            ]
        )
    )


@st.composite
def postcodes(draw) -> str:
    """Return a postcode of any of the six UK shapes, in any case, spaced or not."""
    first = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")
    second = st.sampled_from("ABCDEFGHKLMNOPQRSTUVWXY")
    inward_letters = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")
    digit = st.sampled_from("0123456789")
    outward = draw(
        st.sampled_from(["A9", "A99", "A9A", "AA9", "AA99", "AA9A"]).map(
            lambda shape: "".join(
                draw(digit) if c == "9" else draw(first if i == 0 else second)
                for i, c in enumerate(shape)
            )
        )
    )
    inward = draw(digit) + draw(inward_letters) + draw(inward_letters)
    postcode = outward + draw(st.sampled_from([" ", ""])) + inward
    return draw(st.sampled_from([postcode, postcode.lower(), postcode.title()]))


@st.composite
def addresses(draw) -> str:
    number = str(draw(st.integers(1, 999))) + draw(st.sampled_from(["", "b", "A"]))
    names = draw(
        st.lists(
            st.sampled_from(["Acacia", "Baker", "High", "Mill", "St Johns"]),
            min_size=1,
            max_size=2,
            unique=True,
        )
    )
    street = draw(st.sampled_from(["Road", "Street", "Avenue", "Close", "Rd", "St"]))
    return " ".join([number, *names, street])


def embedded(before: str, found: str, after: str) -> str:
    return " ".join(part for part in (before, found, after) if part)


# Properties -----------------------------------------------------------------------


@given(before=prose, email=emails(), after=prose)
def test_an_email_address_among_ordinary_words_is_found(before, email, after):
    findings = find_personal_information(embedded(before, email, after))

    assert Finding(EMAIL, email) in findings


@given(before=prose, phone=uk_phones(), after=prose)
@example(before="In 2019 we had 3 cats", phone="07700 900123", after="5 of them")
def test_a_uk_phone_number_among_ordinary_words_is_found_as_written(
    before, phone, after
):
    findings = find_personal_information(embedded(before, phone, after))

    assert Finding(PHONE, phone) in findings


@given(
    before=prose,
    phone=st.builds(
        lambda code, rest: f"+{code} {rest}",
        st.sampled_from(["1", "33", "49", "353", "61"]),
        digits(9),
    ),
    after=st.lists(sentences(), max_size=2)
    .map(" ".join)
    .filter(lambda text: not text[:1].isdigit()),
)
def test_an_international_number_is_found(before, phone, after):
    findings = find_personal_information(embedded(before, phone, f"Then {after}"))

    assert Finding(PHONE, phone) in findings


@given(before=prose, postcode=postcodes(), after=prose)
def test_a_postcode_among_ordinary_words_is_found(before, postcode, after):
    findings = find_personal_information(embedded(before, postcode, after))

    assert Finding(POSTCODE, postcode) in findings


@given(before=prose, address=addresses(), after=prose)
def test_a_street_address_among_ordinary_words_is_found(before, address, after):
    findings = find_personal_information(embedded(before, f"{address},", after))

    assert Finding(ADDRESS, address) in findings


@given(text=prose)
@settings(max_examples=300)
def test_ordinary_sentences_give_no_findings(text):
    """Words, punctuation, years, word counts and small numbers are not personal."""
    assert find_personal_information(text) == []


@given(text=st.text())
@example(text="@" * 5000)
@example(text="0 " * 5000)
@example(text="a" * 5000 + "@")
@example(text="<p>" * 50 + "07700 900123")
def test_the_check_never_fails_on_any_text(text):
    findings = find_personal_information(text)
    find_personal_information(html_text(text))

    assert all(finding.found for finding in findings)


# Examples -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Email me: jane.doe+x@mail.example.co.uk.",
            [(EMAIL, "jane.doe+x@mail.example.co.uk")],
        ),
        ("jane (at) gmail (dot) com", [(EMAIL, "jane (at) gmail (dot) com")]),
        ("Text me on 07700 900123 tonight", [(PHONE, "07700 900123")]),
        ("ring +44 7700 900123", [(PHONE, "+44 7700 900123")]),
        ("office (020) 7946 0958.", [(PHONE, "(020) 7946 0958")]),
        ("0161 496 0000", [(PHONE, "0161 496 0000")]),
        ("my cousin: +1 202 555 0143", [(PHONE, "+1 202 555 0143")]),
        ("call 07700 900123 3 times", [(PHONE, "07700 900123")]),
        ("0\u200b7700 900123", [(PHONE, "07700 900123")]),  # a zero-width space
        (
            "I live at 12 Acacia Avenue, SW1A 1AA",
            [(ADDRESS, "12 Acacia Avenue"), (POSTCODE, "SW1A 1AA")],
        ),
        ("221b Baker Street", [(ADDRESS, "221b Baker Street")]),
        ("Flat 3, 12 High St.", [(ADDRESS, "12 High St.")]),
        ("i live at 12 acacia avenue lol", [(ADDRESS, "12 acacia avenue")]),
        ("near m11ae", [(POSTCODE, "m11ae")]),
        ("follow @jane_doe99!", [(HANDLE, "@jane_doe99")]),
        ("instagram.com/jane.doe", [(HANDLE, "instagram.com/jane.doe")]),
        ("https://www.tiktok.com/@janed", [(HANDLE, "https://www.tiktok.com/@janed")]),
        ("add me snapchat.com/add/janed", [(HANDLE, "snapchat.com/add/janed")]),
        (
            "x.com/jd or twitter.com/jd",
            [(HANDLE, "x.com/jd"), (HANDLE, "twitter.com/jd")],
        ),
        ("my snap: janed", [(HANDLE, "snap: janed")]),
        ("discord jane#1234", [(HANDLE, "jane#1234")]),
        ("ｊａｎｅ＠ｇｍａｉｌ．ｃｏｍ", [(EMAIL, "jane@gmail.com")]),  # full-width
        ("07700900123@gmail.com", [(EMAIL, "07700900123@gmail.com")]),
    ],
)
def test_what_is_found(text, expected):
    assert find_personal_information(text) == [Finding(*pair) for pair in expected]


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 we wrote 1,500 words about 3 cats.",
        "2 buses down the road, 3 Close friends.",
        "See you @ the park, @home or @5pm.",
        "On 01-02-2019 at 07.30 I ate 0.5 of a cake; 007 is a film.",
        "0 123 456 789",
        "2+2=4 and +5 points",
        "I had 2 Big Green apples.",
        "box.com/jd is not a profile",
        "We won 10-0 in the 90th minute, 1,000,000 times better.",
        "1,000 100 1900 and 3.0123 456 789",
    ],
)
def test_ordinary_text_gives_nothing(text):
    assert find_personal_information(text) == []


def test_a_long_text_gives_each_finding_once_and_at_most_fifty():
    text = "Call 07700 900123! " * 500 + " ".join(f"@fan{n}" for n in range(500))

    findings = find_personal_information(text)

    assert findings[0] == Finding(PHONE, "07700 900123")
    assert findings.count(Finding(PHONE, "07700 900123")) == 1
    assert len(findings) == MOST_FINDINGS
    assert findings[-1] == Finding(HANDLE, f"@fan{MOST_FINDINGS - 2}")


def test_a_storys_links_are_read_and_its_blocks_kept_apart():
    story = (
        '<p>Write to <a href="mailto:jo@example.org">me</a></p>'
        "<p>12</p><p>Acacia Avenue</p>"
    )

    text = html_text(story)

    assert "jo@example.org" in text
    assert find_personal_information(text) == [Finding(EMAIL, "jo@example.org")]


# The submit hook -----------------------------------------------------------------


@pytest.fixture
def competition(competition_index):
    return CompetitionPageFactory(
        parent=competition_index,
        entry_kinds=[EntryKind.STORY, EntryKind.IMAGE, EntryKind.IDEA],
    )


def young_draft(competition, **fields) -> Entry:
    return EntryFactory(
        competition=competition,
        draft=True,
        age_band=AgeBand.AGE_13_TO_17,
        guardian_confirmed=True,
        **fields,
    )


def flags_of(entry) -> set[tuple[str, str, str]]:
    return set(
        SafeguardingFlag.objects.filter(entry=entry).values_list(
            "kind", "field", "found"
        )
    )


def test_submitting_a_13_to_17_entry_flags_what_it_gives_away(competition):
    entry = young_draft(
        competition,
        kind=EntryKind.STORY,
        title="Ring 07700 900123",
        story=(
            '<p>I live at <a href="https://instagram.com/jane.d">'
            "12 Acacia Avenue</a></p>"
        ),
    )

    submitted = entry_submit(entry=entry, actor=entry.author)

    assert flags_of(entry) == {
        ("phone", "title", "07700 900123"),
        ("address", "story", "12 Acacia Avenue"),
        ("handle", "story", "https://instagram.com/jane.d"),
    }
    assert submitted.status == EntryStatus.SUBMITTED  # flags never decide
    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


def test_an_adults_entry_is_not_checked(competition):
    entry = EntryFactory(
        competition=competition,
        draft=True,
        age_band=AgeBand.ADULT,
        title="Ring 07700 900123",
    )

    entry_submit(entry=entry, actor=entry.author)

    assert flags_of(entry) == set()


def test_resubmitting_replaces_the_flags(competition):
    entry = young_draft(competition, title="Email jo@example.org")
    entry_submit(entry=entry, actor=entry.author)
    assert flags_of(entry) == {("email", "title", "jo@example.org")}

    Entry.objects.filter(pk=entry.pk).update(
        status=EntryStatus.CHANGES_REQUESTED, title="Text 07700 900123"
    )
    entry_submit(entry=Entry.objects.get(pk=entry.pk), actor=entry.author)

    assert flags_of(entry) == {("phone", "title", "07700 900123")}


def test_a_fault_in_the_check_never_stops_a_submission(
    competition, monkeypatch, caplog
):
    entry = young_draft(competition, title="Email jo@example.org")

    def broken(text):
        raise RuntimeError("a bug in the check")

    monkeypatch.setattr("moderation.services.find_personal_information", broken)
    entry_submit(entry=entry, actor=entry.author)

    assert Entry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED
    assert flags_of(entry) == set()
    assert "The safeguarding check failed" in caplog.text


def test_a_clean_resubmission_clears_the_flags(competition):
    entry = young_draft(competition, title="Email jo@example.org")
    flag_entry(entry=entry)

    entry.title = "My first snow"
    flag_entry(entry=entry)

    assert flags_of(entry) == set()


def test_an_image_is_checked_in_its_caption_and_description(competition):
    entry = young_draft(
        competition,
        kind=EntryKind.IMAGE,
        image_caption="Outside SW1A 1AA",
        image_alt_text="Me, @jane_d, at the bus stop",
    )

    flag_entry(entry=entry)

    assert flags_of(entry) == {
        ("postcode", "image_caption", "SW1A 1AA"),
        ("handle", "image_alt_text", "@jane_d"),
    }


def test_an_idea_is_checked_in_each_of_its_fields(competition):
    entry = young_draft(
        competition,
        kind=EntryKind.IDEA,
        idea_problem="Buses stop at ten.",
        idea_requirements="Call me on 07700 900123.",
    )

    assert [name for name, _ in entry_texts(entry)] == [
        "title",
        "idea_problem",
        "idea_proposal",
        "idea_beneficiaries",
        "idea_requirements",
    ]
    flag_entry(entry=entry)

    assert flags_of(entry) == {("phone", "idea_requirements", "07700 900123")}


def test_a_films_link_is_not_read_but_its_title_is(competition_index):
    films = CompetitionPageFactory(parent=competition_index, entry_kinds=["film"])
    entry = young_draft(films, kind=EntryKind.FILM, title="By @jane_d")

    assert entry_texts(entry) == [("title", "By @jane_d")]


def test_an_under_13_entry_that_got_in_is_checked_too(competition):
    """Under-13s cannot submit; one that got in another way is checked all the same."""
    entry = EntryFactory(
        competition=competition,
        submitted=True,
        age_band=AgeBand.UNDER_13,
        title="jo@example.org",
    )

    flag_entry(entry=entry)

    assert flags_of(entry) == {("email", "title", "jo@example.org")}


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I live near 3 The Avenue now.", ["3 The Avenue"]),
        ("I was 9 The road was long.", []),  # two sentences run together
        ("The. The the 0 The road.", []),  # found by Hypothesis: 0 is no house
        ("The. The the 1 A road.", []),  # found by Hypothesis: a run-on sentence
        ("We met at 5 Harbour Way.", ["5 Harbour Way"]),
    ],
)
def test_the_avenue_is_an_address_and_a_run_on_sentence_is_not(text, found):
    assert [f.found for f in find_personal_information(text)] == found
