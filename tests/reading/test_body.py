"""The body's page furniture (furniture.py, body.py): boilerplate, related lists, sponsored blocks."""

from __future__ import annotations

import pytest

from reading_helpers import BODY, OTHER, RULES, kinds, read


# -- boilerplate in the body -----------------------------------------------------


@pytest.mark.parametrize(
    "furniture",
    [
        "Home > News >",
        "Home » Web TV »",
        "You are here: News » Piracy",
        "Share this article",
        "Share on Facebook",
        "Share on Twitter",
        "Advertisement",
        "Sponsors",
        "Tweet",
        "Email",
        "Print",
        "Comments (3)",
        "Read more",
        "Subscribe to our newsletter",
        "© 2014 Example News. All rights reserved.",
        "[Image: Police at the data centre]",
        "Photo: Police at the data centre",
        "(Photo credit: Jane Doe)",
        "From 2 Years ago…",
        "Tweet | Facebook | E-Mail",
    ],
)
def test_each_kind_of_boilerplate_is_removed_from_the_body(furniture: str) -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{furniture}\n\n{OTHER}")
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_boilerplate_inside_a_block_is_removed_line_by_line() -> None:
    document = read(f"Police Raid Tracker\n\nShare this article\nTweet\n{BODY}\n\n{OTHER}\nAdvertisement")
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


@pytest.mark.parametrize(
    "heading",
    [
        "Popular Posts",
        "Related:",
        "Related articles",
        "Further readings:",
        "Read more:",
        "See also",
        "More from Example News",
        "You may also like",
    ],
)
def test_headlines_after_a_related_heading_go_to_related(heading: str) -> None:
    document = read(
        f"Police Raid Tracker\n\n{BODY}\n\n{heading}\nCourt Blocks Tracker\n\n• Minister Backs Bill"
    )
    assert document.related == ("Court Blocks Tracker", "Minister Backs Bill")
    assert [text for _, text in kinds(document)] == [BODY]


def test_a_related_headline_on_the_heading_line_is_kept_apart() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nRelated: Court Blocks Tracker in Sweden\n\n{OTHER}")
    assert document.related == ("Court Blocks Tracker in Sweden",)
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_a_one_line_related_link_does_not_take_the_subheading_after_it() -> None:
    text = f"Police Raid Tracker\n\n{BODY}\n\nRelated: Court Blocks Tracker\n\nWhat happens next\n\n{OTHER}"
    document = read(text)
    assert document.related == ("Court Blocks Tracker",)
    assert kinds(document) == [("paragraph", BODY), ("subheading", "What happens next"), ("paragraph", OTHER)]


def test_a_headline_with_the_site_name_after_a_bar_is_kept_whole() -> None:
    assert read(f"Police Raid Tracker | Example News\n\n{BODY}").title == "Police Raid Tracker | Example News"


def test_a_line_of_labels_under_the_headline_is_dropped() -> None:
    document = read(f"Police Raid Tracker\n\nBy Jane Doe | Amsterdam\n\nTechnology | Netherlands\n\n{BODY}")
    assert [text for _, text in kinds(document)] == [BODY]


def test_prose_after_a_related_box_resumes_the_article() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nRelated articles\nCourt Blocks Tracker\n\n{OTHER}")
    assert document.related == ("Court Blocks Tracker",)
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_comments_after_the_article_are_dropped() -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\nLeave a Reply\n\nJoe says: {OTHER}")
    assert [text for _, text in kinds(document)] == [BODY]


# A long article: the near-the-top allowances (datelines, label rows) are used up by then.
LEAD = "\n\n".join(f"{BODY} ({n})" for n in range(7))


def body_texts(furniture: str) -> list[str]:
    document = read(f"Police Raid Tracker\n\n{LEAD}\n\n{furniture}\n\n{OTHER}")
    assert document.related == ()
    return [text for _, text in kinds(document)][7:]


@pytest.mark.parametrize(
    "furniture",
    [
        "We use cookies to give you the best experience on our site. Accept",
        "This site uses cookies. By continuing to browse it you agree to our use of cookies.\n"
        "Accept | Manage preferences",
        "This site uses cookies.\nOK",
        "Login to post a comment",
        "Log in to comment",
        "5 comments",
        "Be the first to comment",
        "Partilhar: Facebook | Twitter | Email",
        "Compartir",
        "Teilen: Facebook · Twitter · E-Mail",
        "Facebook • Twitter • WhatsApp • Print",
        "Facebook Twitter WhatsApp Email",
        "Sponsored",
        "var slot = 'article-top';",
        "window.dataLayer = window.dataLayer || [];",
        "(function() { var s = document.createElement('script'); })();",
        "googletag.cmd.push(function() {\ngoogletag.display('ad-1');\n});",
        ".ad-box{display:none}",
        "Get the week's top stories delivered to your inbox\nEnter your email address\nSign up",
        "Tags: streaming, copyright",
        "Filed under: Legal",
    ],
)
def test_other_kinds_of_page_furniture_are_removed_from_the_body(furniture: str) -> None:
    assert body_texts(furniture) == [OTHER]


@pytest.mark.parametrize(
    "block",
    [
        "Sponsored content\nThe gadget every commuter wants this year\nCompare broadband deals near you",
        "Promoted\n\nHow to cut your energy bill\n\nThe hotel deals everyone is booking",
        "Paid content\nWhy investors like this fund",
        "Advertisement feature\nFive tips for a better night's sleep",
        "Sponsored: The gadget every commuter wants this year",
    ],
)
def test_a_sponsored_block_is_neither_body_nor_related_reading(block: str) -> None:
    assert body_texts(block) == [OTHER]


@pytest.mark.parametrize(
    "tags",
    [
        "Tags:\nstreaming, site blocking, Portugal",
        "Tags\n\nStreaming\n\nSite blocking",
        "Filed under:\nMusic\nCopyright",
    ],
)
def test_a_tag_list_under_its_label_is_dropped(tags: str) -> None:
    assert body_texts(tags) == [OTHER]


def test_a_sponsored_block_does_not_swallow_the_article_after_it() -> None:
    sponsored = "Sponsored\nThe gadget everyone wants"
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{sponsored}\n\n{OTHER}\n\nFour people were detained.")
    assert [text for _, text in kinds(document)] == [BODY, OTHER, "Four people were detained."]


def test_a_paragraph_split_by_a_sponsored_block_is_joined_again() -> None:
    text = (
        "The operators said on an alternate site that\n\n"
        "Sponsored\nThe gadget everyone wants\n\n"
        "they would be back within days."
    )
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{text}")
    assert [text for _, text in kinds(document)] == [
        BODY,
        "The operators said on an alternate site that they would be back within days.",
    ]


@pytest.mark.parametrize(
    ("line", "headline"),
    [
        ("Also Read: Court Blocks Tracker In Sweden", "Court Blocks Tracker In Sweden"),
        ("Also read: Court blocks tracker in Sweden", "Court blocks tracker in Sweden"),
        ("ALSO READ | Court Blocks Tracker In Sweden", "Court Blocks Tracker In Sweden"),
        ("Also Read - Court Blocks Tracker In Sweden", "Court Blocks Tracker In Sweden"),
        ("Lesen Sie auch: Gericht sperrt Tracker", "Gericht sperrt Tracker"),
    ],
)
def test_an_also_read_line_inside_the_body_is_related_reading(line: str, headline: str) -> None:
    document = read(f"Police Raid Tracker\n\n{LEAD}\n\n{line}\n\n{OTHER}")
    assert document.related == (headline,)
    assert [text for _, text in kinds(document)][7:] == [OTHER]


@pytest.mark.parametrize(
    "line",
    [
        "More from the minister: she said the law would be reviewed next year.",
        "More from the minister: She said the law would be reviewed next year.",
    ],
)
def test_a_related_heading_followed_by_prose_on_its_line_is_kept(line: str) -> None:
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{line}")
    assert document.related == ()
    assert [text for _, text in kinds(document)] == [BODY, line]


def test_a_tag_line_with_its_items_does_not_take_the_line_under_it() -> None:
    document = read(f"Police Raid Tracker\n\nFiled under: Legal\nServers seized in a dawn raid\n\n{BODY}")
    assert [text for _, text in kinds(document)] == ["Servers seized in a dawn raid", BODY]


def test_a_long_line_of_page_script_is_dropped_whatever_its_length() -> None:
    script = "var config = {" + ", ".join(f'"slot{n}": [300, 250]' for n in range(40)) + "};"
    assert len(script) > RULES.limits.pattern_line_chars
    assert body_texts(script) == [OTHER]


@pytest.mark.parametrize("widget", ["Leave a reply", "Comments", "3 comments", "Log in to comment"])
def test_a_comment_link_above_the_headline_is_not_the_headline(widget: str) -> None:
    document = read(f"{widget}\n\nPolice Raid Tracker\n\n{BODY}\n\n{OTHER}")
    assert document.title == "Police Raid Tracker"
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


def test_a_cookie_banner_above_the_headline_is_not_the_headline() -> None:
    banner = "We use cookies to improve your experience. By using this site you agree to our cookie policy."
    document = read(f"{banner}\nAccept | Reject\n\nPolice Raid Tracker\n\n{BODY}")
    assert document.title == "Police Raid Tracker"
    assert [text for _, text in kinds(document)] == [BODY]


@pytest.mark.parametrize(
    "prose",
    [
        "We use cookies only where the law allows it, the company's lawyer told the court.",
        "This site uses cookies to follow visitors across the web, the regulator found.",
        "Accept that the law has changed, the minister told critics.",
        "Login details of 2,000 users were leaked after the raid.",
        "Sponsored by a coalition of film studios, the bill passed the Senate.",
        "Promoted by the music industry, the law was criticised by digital rights groups.",
        "Facebook and Twitter both removed the video after the order.",
        "Tags on the uploaded files identified the release group.",
        "Filed under seal, the documents were released in 2014.",
        "Window dressing, critics called the new rules.",
        "Get ready for more blocking orders, one lawyer warned.",
    ],
)
def test_prose_that_starts_like_the_new_kinds_of_furniture_is_kept(prose: str) -> None:
    assert body_texts(prose) == [prose, OTHER]


@pytest.mark.parametrize("word", ["print", "share", "accept", "sponsored", "tags", "newsletter", "loading"])
def test_a_wrapped_line_of_one_lower_case_word_is_prose_not_a_button(word: str) -> None:
    paragraph = f"The court ruled that the operators should stop and\n{word}\nno more files, the judge said."
    document = read(f"Police Raid Tracker\n\n{BODY}\n\n{paragraph}")
    assert document.blocks[-1].text == " ".join(paragraph.split())


def test_a_comments_link_at_the_top_does_not_swallow_the_article() -> None:
    document = read(f"Police Raid Tracker\n\nComments\n\n{BODY}")
    assert [text for _, text in kinds(document)] == [BODY]


# -- sponsor and advertising blocks (their brands must never reach the tagger) ------------


BRANDS = ("NordVPN", "Surfshark", "ExpressVPN", "Acme VPN", "BetaBank", "Gamma Telecom")


@pytest.mark.parametrize(
    "block",
    [
        "Sponsors\nNordVPN, Surfshark and ExpressVPN",
        "Sponsors\n\nNordVPN\n\nSurfshark\n\nExpressVPN",
        "Our sponsors: NordVPN | Surfshark | ExpressVPN",
        "Sponsored\nNordVPN - Get 70% off today\nSurfshark VPN: the fastest VPN",
        "SPONSORED CONTENT\n\nHow Acme VPN keeps you safe online\n\nBetaBank: banking reinvented",
        "Partner content\n\nAcme VPN – Protect your privacy online\n\nBetaBank – Open an account today",
        "Promoted\nAcme VPN · BetaBank · Gamma Telecom",
        "Our partners\nAcme VPN  BetaBank  Gamma Telecom",
        "Supported by\nAcme VPN",
        "Sponsored by Acme VPN",
        "This article is brought to you by Acme VPN.",
        "Sponsored: Acme VPN, BetaBank, Gamma Telecom",
        "Advertisement\nAcme VPN\nBetaBank",
        "ADVERTISEMENT",
        "Advertisement: Acme VPN – 3 months free",
        "A word from our sponsor\nAcme VPN – private browsing for everyone",
        "Sponsors: NordVPN. Surfshark. ExpressVPN.",
        "Our sponsors\nNordVPN. Surfshark. ExpressVPN.",
    ],
)
def test_a_sponsor_block_leaves_no_brand_in_the_body(block: str) -> None:
    document = read(f"Police raid streaming service\n\n{BODY}\n\n{block}\n\n{OTHER}\n")
    assert [text for _, text in kinds(document)] == [BODY, OTHER]
    assert not any(brand in document.text for brand in BRANDS)
    assert not any(brand in item for item in document.related for brand in BRANDS)


@pytest.mark.parametrize(
    "block",
    [
        "Sponsors\n\nNordVPN\n\nSurfshark and ExpressVPN",
        "Partner content\n\nAcme VPN – Protect your privacy online\n\nBetaBank – Open an account today",
        "Promoted\nAcme VPN · BetaBank · Gamma Telecom",
    ],
)
def test_a_sponsor_block_closing_the_page_is_dropped(block: str) -> None:
    document = read(f"Police raid streaming service\n\n{BODY}\n\n{OTHER}\n\n{block}\n")
    assert [text for _, text in kinds(document)] == [BODY, OTHER]


@pytest.mark.parametrize(
    "prose",
    [
        "The event was sponsored by Acme VPN and BetaBank, the organisers said.",
        "Sponsors of the bill said it would pass before the summer.",
        "Sponsored by Acme VPN, the festival drew record crowds this year.",
        "Partners: the two firms said they had worked together since 2010.",
        "Advertising: the industry body said the ban would cost jobs.",
        "Sponsors: The two firms that backed the bill said. They would not comment further.",
    ],
)
def test_prose_about_sponsorship_stays(prose: str) -> None:
    document = read(f"Police raid streaming service\n\n{BODY}\n\n{prose}\n\n{OTHER}\n")
    assert [text for _, text in kinds(document)] == [BODY, prose, OTHER]


def test_an_ad_marker_does_not_take_the_subheading_after_a_blank_line() -> None:
    document = read(
        f"Police raid streaming service\n\n{BODY}\n\nADVERTISEMENT\n\nWhat the court said\n\n{OTHER}\n"
    )
    assert kinds(document) == [
        ("paragraph", BODY),
        ("subheading", "What the court said"),
        ("paragraph", OTHER),
    ]
