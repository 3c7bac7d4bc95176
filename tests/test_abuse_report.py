"""End to end: a hostile site is scanned for real, stored, and written as an HTML report; the
report renders only http(s) links as links, and every scraped string (titles, excerpts, account
names and bios, handles) as text, never as markup."""
from __future__ import annotations

import lxml.html
import pytest

from analyzer.core.normalize import normalize
from analyzer.scan import run_scan
from analyzer.store import Store
from tests.hardening_helpers import DOMAIN, FAST, hard_org, warm_up
from tests.orgsim import FIXED_NOW, OrgSpec, serve
from tests.report_helpers import cli

SQL = "Robert'); DROP TABLE scans;--"
HOSTILE_HOME = f"""<!doctype html><html lang="nl"><head><meta charset="utf-8">
<title>Stichting &lt;script&gt;alert(61)&lt;/script&gt; {SQL}</title>
<script type="application/ld+json">{{"@type": "Organization", "name": "<img src=x onerror=alert(62)>",
 "sameAs": ["javascript:alert(63)", "data:text/html,<script>alert(64)</script>", "https://x.com/hard_org"]}}</script>
</head><body><header><nav><a href="/social-media">Social media</a> <a href="javascript:alert(65)">Contact</a></nav></header>
<main><h1>Welkom &lt;script&gt;alert(66)&lt;/script&gt;</h1></main>
<footer><h3>Volg ons</h3><ul>
<li><a href="javascript:alert(67)" class="social-x" aria-label="X (Twitter)">X</a></li>
<li><a href="JaVaScRiPt:alert(68)//https://x.com/hard_org" class="social-twitter">Twitter</a></li>
<li><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCg2OSk8L3NjcmlwdD4=" class="social-facebook">Facebook</a></li>
<li><a href='https://x.com/evil"onmouseover="alert(70)' class="social-x">X</a></li>
<li><a href="https://www.instagram.com/&lt;script&gt;alert(71)&lt;/script&gt;" class="social-instagram">Instagram</a></li>
<li><a href="https://x.com/hard_org" class="social-x">X</a></li>
<li><a href="https://mastodon.social/@hardorg" class="social-mastodon">Mastodon</a></li>
</ul></footer></body></html>"""
POLICY = """<!doctype html><html lang="nl"><head><title>Social media &lt;/title&gt;&lt;script&gt;alert(72)&lt;/script&gt;</title></head>
<body><main><h1>Social media en webcare</h1><p>Onze webcare-medewerkers reageren op X van maandag tot en met
vrijdag van 9.00 tot 17.00 uur. &lt;script&gt;alert(73)&lt;/script&gt; In ons reactiebeleid leest u hoe wij
omgaan met berichten. {sql}</p></main></body></html>""".replace("{sql}", SQL)
MARKERS = [f"alert({n})" for n in range(61, 80)]


def hostile_org() -> OrgSpec:
    base = hard_org()
    accounts = (
        {"platform": "x", "handle": "hard_org", "name": '"><img src=x onerror=alert(74)>',
         "bio": "<script>alert(75)</script> Officieel account " + SQL, "posts": {"per_week": 3, "weeks": 13},
         "url": "javascript:alert(76)"},
        {"platform": "mastodon", "handle": "hardorg@mastodon.social", "name": "<svg onload=alert(77)>",
         "bio": "<a href='javascript:alert(78)'>klik</a>", "posts": {"per_week": 2, "weeks": 13}},
    )
    return OrgSpec(name="hostile", domain=DOMAIN, label="experimental", justification="abuse", lang="nl",
                   heldout=False, pages={"/": HOSTILE_HOME, "/social-media": POLICY}, accounts=accounts,
                   robots=base.robots)


@pytest.fixture(scope="module", autouse=True)
def _warm():
    warm_up()


@pytest.mark.parametrize("names", [False, True], ids=["default", "with_names"])
def test_report_of_hostile_site_renders_scraped_text_as_text(net, tmp_path, names):
    serve(hostile_org(), net, FIXED_NOW)
    s = net.settings(**{**FAST, "cache": False, "db": str(tmp_path / "store.db"), "wikidata": False})
    result = run_scan(normalize(DOMAIN, allow_private=True), s)
    assert result.coverage["website"].status in ("ok", "partial")
    with Store.open(s) as store:
        store.save(result)
    out = tmp_path / "report.html"
    args = ["report", DOMAIN, "--out", str(out), "--db", str(tmp_path / "store.db")] + (["--names"] if names else [])
    res = cli(*args)
    assert res.exit_code == 0, res.output
    page = out.read_text(encoding="utf-8")
    doc = lxml.html.fromstring(page)
    links = [a.get("href") for a in doc.iter("a") if a.get("href") is not None]
    assert links and all(h.startswith(("http://", "https://", "#")) for h in links), links
    others = [el.get("href") for el in doc.iter() if el.tag != "a" and el.get("href") is not None]
    assert all(h == "data:," or h.startswith(("http://", "https://", "#")) for h in others), others  # data:, = no favicon
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        assert not [a for a in el.attrib if a.lower().startswith("on")], (el.tag, dict(el.attrib))
        for attr in ("src", "action", "formaction", "srcdoc"):
            assert not (el.get(attr) or "").lower().startswith(("javascript:", "data:text")), (el.tag, attr)
    scripts = " ".join(s.text_content() for s in doc.iter("script"))
    assert not any(m in scripts for m in MARKERS), "scraped text ended up inside a script"
    lowered = page.lower()
    for raw in ("<script>alert", "<img src=x", "<svg onload", "javascript:alert(67)\"", "href=\"javascript"):
        assert raw not in lowered, raw
    # the scraped texts are there, as text: the hostile title and policy excerpt are shown verbatim
    text = doc.text_content()
    assert SQL in text
    assert any(m in text for m in ("alert(61)", "alert(72)", "alert(73)"))


def test_hostile_links_never_become_accounts(net, tmp_path):
    serve(hostile_org(), net, FIXED_NOW)
    s = net.settings(**{**FAST, "cache": False, "wikidata": False})
    result = run_scan(normalize(DOMAIN, allow_private=True), s)
    handles = {(a.platform, a.handle) for a in result.accounts}
    assert ("x", "hard_org") in handles
    for acc in result.accounts:
        assert acc.url.startswith("https://"), acc
        assert not any(c in acc.handle for c in "<>\"' "), acc
    for ev in result.evidence:
        assert ev.source_url is None or ev.source_url.startswith(("http://", "https://")), ev
