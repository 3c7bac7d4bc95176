"""The on-site signal vocabulary: every pattern, per language, in one place.

Each table maps a language to regular expressions matched case-insensitively on a page's visible
text (one block per line). `{P}` stands for a platform name (`PLATFORM_NAME`, a named group); a
bare capital "X" counts as the platform only when written as a capital X standing alone.
Patterns aim at sentences and titles, not single generic words: "community" or "forum" alone in a
navigation label is not a community platform, "ambassadeur" alone may be a diplomat, "huisregels"
alone may be a swimming pool's rules. Add a language by adding a key to each table.
"""
from __future__ import annotations

import re

# A platform name as people write it. Group "p" (or "p2" for a second one) holds the name.
_PLAT = (r"(?-i:X)(?![\w-])(?:\s*\((?:voorheen|formerly|ehemals|ex|anciennement)\s+twitter\))?"
         r"|x\.com|x/twitter|twitter|facebook|messenger|instagram|tiktok|linkedin|threads|youtube"
         r"|mastodon|bluesky|snapchat|pinterest|whatsapp")
PLATFORM_NAME = re.compile(rf"(?<![\w.])(?:{_PLAT})", re.I)
_NAME_TO_PLATFORM = (("x", "x"), ("twitter", "x"), ("messenger", "facebook"))


def platform_of(name: str) -> str:
    """'X (voorheen Twitter)' -> 'x'; 'Messenger' -> 'facebook'; 'Bluesky' -> 'bluesky'."""
    low = name.strip().lower()
    for prefix, platform in _NAME_TO_PLATFORM:
        if low.startswith(prefix):
            return platform
    return low


def _compile(table: dict[str, list[str]]) -> dict[str, list[re.Pattern[str]]]:
    out = {}
    for lang, patterns in table.items():
        out[lang] = [re.compile(p.replace("{P}", f"(?P<p>{_PLAT})").replace("{P2}", f"(?P<p2>{_PLAT})"),
                                re.I) for p in patterns]
    return out


_SOCIAL = r"(?:{P}|social media|sociale media|social-media)"

# --- social media policy / house rules (matched on titles, headings and the URL path) ---------
POLICY_STRONG = _compile({
    "nl": [r"social[- ]?media[- ]?(?:beleid|richtlijnen|regels|protocol|reglement|gedragscode|spelregels)",
           r"reactiebeleid", r"netiquette", r"gedragscode (?:voor )?social media",
           r"huisregels (?:voor |op |van )?(?:onze )?(?:social media|sociale media|reacties|kanalen)"],
    "en": [r"social media (?:policy|guidelines|house rules|terms of use|code of conduct|rules)",
           r"(?:commenting|comment|moderation) (?:policy|guidelines|rules)", r"netiquette"],
    "de": [r"social[- ]media[- ]?(?:richtlinien|leitlinien|guidelines)", r"netiquette"],
    "fr": [r"charte (?:d'utilisation )?(?:des |de nos )?r[ée]seaux sociaux", r"charte de mod[ée]ration"],
})
POLICY_WEAK = _compile({          # need SOCIAL_CONTEXT on the page as well
    "nl": [r"huisregels", r"spelregels"], "en": [r"house rules", r"community (?:guidelines|rules|standards)"],
    "de": [r"hausregeln|community[- ]richtlinien"], "fr": [r"r[èe]gles de (?:la )?communaut[ée]"],
})
SOCIAL_CONTEXT = re.compile(r"social media|sociale media|reacties|reageren|comments|berichten op|"
                            rf"posts on|kommentare|commentaires|{_PLAT}", re.I)

# --- webcare / social customer service --------------------------------------------------------
WEBCARE = _compile({
    "nl": [r"\bwebcare(?:team)?\b",
           rf"(?:stel|stuur) (?:je|uw|jouw) (?:vraag|vragen|bericht)(?: ook)? (?:via|op|aan ons op) {_SOCIAL}",
           rf"(?:wij|we) (?:zijn|staan)[^.\n]{{0,40}}(?:bereikbaar|beschikbaar|online) (?:via|op) {_SOCIAL}",
           rf"klantenservice (?:is )?(?:ook )?(?:via|op) {_SOCIAL}",
           rf"(?:via|op) {_SOCIAL} (?:beantwoorden|helpen|reageren) (?:wij|we)",
           rf"(?:vragen|klachten) (?:via|op) {_SOCIAL} (?:beantwoorden|behandelen) (?:wij|we)"],
    "en": [r"\bwebcare\b", r"social customer (?:service|care)",
           rf"(?:message|dm|tweet|contact|reach|ask) us (?:on|via|through) {_SOCIAL}",
           rf"(?:customer service|support|our team) (?:is )?(?:also )?(?:available )?(?:on|via) {_SOCIAL}",
           r"our social media team (?:is|are) (?:available|here|online)"],
    "de": [rf"(?:kundenservice|support) (?:auch )?(?:über|auf|per) {_SOCIAL}"],
})
_DAY_NL = r"(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag|ma|di|wo|do|vr|za|zo)"
_DAY_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_DAY = rf"(?:{_DAY_NL}|{_DAY_EN})\.?"
_DAYS = (rf"(?:{_DAY}\s*(?:-|–|t/m|t\.m\.|tot en met|tot|to|through|until|till)\s*{_DAY}"
         r"|werkdagen|weekdagen|op werkdagen|weekdays|elke dag|dagelijks|daily|every day|7 dagen per week)")
_T = r"\d{1,2}(?:[:.]\d{2}\s*(?:uur|u\b)?|\s*(?:am|pm|a\.m\.|p\.m\.))"
_TIMES = (rf"(?:{_T}\s*(?:-|–|tot|to|until|till)\s*{_T}(?:\s*uur)?"
          r"|(?:van|vanaf|tussen|from|between)\s+\d{1,2}(?:[:.]\d{2})?\s*(?:tot|en|to|and|-|–)\s*\d{1,2}(?:[:.]\d{2})?\s*(?:uur|u\b|o'clock)?"
          r"|\d{1,2}\s*(?:-|–|tot)\s*\d{1,2}\s*uur)")
_ALWAYS = r"24\s*/\s*7|24 uur per dag|dag en nacht|24 hours a day|around the clock|rund um die uhr"
# Tried in order: a day range with times beats times alone beats a day range alone.
HOURS = [re.compile(p, re.I) for p in (
    rf"{_DAYS}[,:]?\s*(?:van\s+|from\s+)?{_TIMES}", rf"{_TIMES},?\s*(?:op\s+|on\s+)?{_DAYS}", _ALWAYS, _TIMES, _DAYS,
)]

# --- social media / community / webcare roles and vacancies ------------------------------------
SOCIAL_ROLE = _compile({
    "nl": [r"social[- ]?media[- ]?(?:medewerker|adviseur|specialist|co[öo]rdinator|redacteur|marketeer|strateeg"
           r"|manager|team|stagiair|expert)s?",
           r"webcare[- ]?(?:medewerker|team|agent|specialist|adviseur|coach)s?",
           r"community[- ]?(?:manager|beheerder|co[öo]rdinator|moderator)s?",
           r"medewerker (?:online communicatie|social media|webcare)"],
    "en": [r"social media (?:manager|specialist|co-?ordinator|editor|officer|lead|executive|strategist"
           r"|advisor|adviser|marketer|team|assistant|intern|producer)s?",
           r"(?:online )?community (?:manager|co-?ordinator|lead|moderator)s?",
           r"webcare (?:agent|specialist|employee|team|officer)s?", r"head of social(?: media)?",
           r"social customer (?:service|care) (?:agent|team|advisor)s?"],
    "de": [r"social[- ]media[- ]?(?:manager|redakteur)(?:in)?", r"community[- ]manager(?:in)?"],
    "fr": [r"(?:responsable|charg[ée]e?) (?:des )?r[ée]seaux sociaux", r"community manager"],
})
VACANCY = re.compile(r"vacature|solliciteer|sollicitatie|wij zoeken|we zoeken|gezocht|vacanc|we'?re hiring|"
                     r"we are hiring|job opening|apply now|apply for|join our team|stellenangebot|wir suchen|"
                     r"offre d'emploi|nous recrutons|uren per week|hours per week", re.I)

# --- community forum, ideas or co-creation platform --------------------------------------------
COMMUNITY = _compile({
    "nl": [r"idee[eë]nplatform", r"denk (?:met ons )?mee", r"\bdenkmee\b", r"co-?creatie",
           r"participatieplatform", r"(?:inwoners|burger|klanten|bewoners)panel",
           r"(?:ons|onze|het) (?:klanten|gebruikers)?forum\b", r"word lid van (?:onze|de) (?:online )?community",
           r"onze (?:online |klanten|gebruikers)community", r"deel (?:je|jouw|uw) idee(?:ën|en)?"],
    "en": [r"(?:join|visit) (?:our|the) (?:online )?(?:community|forum)", r"ideas? (?:platform|portal|forum|board)",
           r"co-?creation", r"share your ideas", r"community forum", r"(?:user|customer|online) community",
           r"our forum\b"],
    "de": [r"ideenplattform", r"(?:unsere|zur) (?:online[- ])?community", r"unser forum"],
    "fr": [r"notre communaut[ée]", r"plateforme (?:d'id[ée]es|participative)", r"notre forum"],
})
COMMUNITY_HOST_LABELS = frozenset({"community", "forum", "forums", "ideeen", "ideas", "denkmee", "meedenken",
                                   "participatie", "panel", "praatmee", "doemee", "idee"})
COMMUNITY_PATHS = frozenset({"forum", "forums", "ideeen", "ideeenplatform", "denk-mee", "denkmee", "co-creatie",
                             "cocreatie", "participatie", "participatieplatform", "ideas", "community-forum",
                             "meedenken", "inwonerspanel"})
COMMUNITY_SOFTWARE = ("insided.com", "discourse.group", "khoros.com", "lithium.com", "ideascale.com",
                      "uservoice.com", "citizenlab.co", "govocal.com", "decidim", "consullab", "hoplr.com",
                      "tribe.so", "circle.so", "mn.co")

# --- ambassador, employee-advocacy or influencer programmes ------------------------------------
AMBASSADOR = _compile({
    "nl": [r"ambassadeurs?(?:programma|netwerk|team)", r"word (?:ook )?(?:een )?ambassadeur", r"ambassadeur worden",
           r"onze (?:merk|student|jongeren|klant|medewerker)?ambassadeurs",
           r"(?:merk|student|jongeren|klant|medewerkers?|brand)ambassadeurs?",
           r"influencer(?:programma|marketing|campagnes?|samenwerkingen?)",
           r"samen(?:werking|werken)(?:en)? met influencers", r"employee advocacy",
           # the Dutch for English "(work|partner) with influencers" below
           r"werk(?:en|t) (?:we |wij )?(?:samen )?met (?:lokale |bekende )?influencers"],
    "en": [r"ambassador (?:programme|program|network|scheme|team)", r"become an? (?:brand |student |community "
           r"|youth |employee )?ambassador", r"(?:our|brand|student|community|youth|employee) ambassadors",
           r"employee advocacy", r"influencer (?:programme|program|partnerships?|network|collaborations?)",
           r"creator (?:programme|program)", r"(?:work|partner|collaborate) with influencers"],
    "de": [r"botschafter(?:programm|netzwerk)", r"markenbotschafter", r"werde botschafter"],
    "fr": [r"programme (?:d')?ambassadeurs?", r"devenez ambassadeur"],
})

# --- "we stopped using X" and where the organisation went instead --------------------------------
STOPPED = _compile({
    "nl": [r"(?:we|wij) (?:zijn |gaan )?(?:gestopt|stoppen) met (?:ons account op |ons |het gebruik van |"
           r"posten op |berichten op )?{P}",
           r"(?:we|wij) (?:zijn|is) (?:sinds [^.\n]{1,30} )?niet (?:meer|langer) (?:actief |te vinden )?op {P}",
           r"(?:we|wij) (?:posten|plaatsen|twitteren|tweeten) (?:sinds [^.\n]{1,30} )?niet (?:meer|langer)"
           r"(?: berichten)? op {P}",
           r"(?:posten|plaatsen|twitteren|tweeten|zijn) (?:we|wij) (?:sinds [^.\n]{1,30} )?niet (?:meer|langer)"
           r"(?: actief| berichten)? op {P}",
           r"(?:we|wij) hebben (?:ons |onze )?{P}(?:[- ]?account)? (?:verlaten|opgeheven|verwijderd|gesloten|stopgezet)",
           r"(?:we|wij) (?:verlaten|verlieten) {P}",
           r"(?:ons|onze) {P}[- ]?account (?:is|wordt) (?:opgeheven|gesloten|verwijderd|niet meer actief|stopgezet)",
           r"(?:zijn|is) (?:van|weg van) {P} (?:overgestapt|verhuisd) naar {P2}"],
    "en": [r"we(?:'ve| have)? (?:left|quit|stopped (?:using|posting on|posting to)|deactivated our account on|"
           r"deleted our account on) {P}",
           r"we(?:'re| are) leaving {P}", r"we(?:'re| are) no longer (?:active|posting) on {P}",
           r"we (?:will )?no longer (?:post|be active|be posting) on {P}",
           r"our {P} account is no longer (?:active|monitored|in use)",
           r"we have (?:closed|deleted|deactivated) our {P} account",
           r"(?:moved|switched|migrated) from {P} to {P2}"],
    "de": [r"wir (?:haben )?{P} verlassen", r"wir sind nicht mehr (?:aktiv )?auf {P}"],
})
MOVED_CUES = re.compile(r"vind(?:t|en)? (?:je|u|jullie) ons|(?:je|u|jullie) vind(?:t|en)? ons|volg ons|zijn (?:we|wij) (?:nu |voortaan |wel )?"
                        r"(?:actief|te vinden)|(?:we|wij) zijn nu|voortaan|in plaats daarvan|overgestapt naar|"
                        r"verhuisd naar|find us|follow us|we(?:'re| are) now|instead|moved to|switched to|"
                        r"you can (?:still )?(?:find|reach|follow) us|folgen sie uns|finden sie uns", re.I)

# --- embedded timelines and share widgets (markup, not text) -------------------------------------
SOCIAL_WALLS = ("juicer.io", "curator.io", "elfsight", "taggbox", "flockler", "walls.io", "tagembed", "smashballoon",
                "sbi_images", "ff-stream")
SHARE_WIDGETS = ("addtoany", "a2a_kit", "addthis", "sharethis", "shariff", "sharethis-inline")
