"""Labels in Dutch and English for people-facing output (explain, history, reports).

Ids (phases, rule ids, signal names, coverage reasons) are never translated: only what a person
reads. `t(key, lang)` looks up a label; `pick(texts, lang)` chooses from a {en, nl} dict as stored
in rules and estimates. A missing Dutch text falls back to English, a missing label to its key, so
a new signal or reason shows up by id rather than disappearing.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Mapping

from analyzer.core.types import PHASE_LABELS
from collectors.registry import label as collector_label

LABELS: dict[str, dict[str, str]] = {
    "report_title": {"en": "Social media maturity", "nl": "Social-mediavolwassenheid"},
    "phase": {"en": "Phase", "nl": "Fase"},
    "estimated_phase": {"en": "Estimated phase", "nl": "Geschatte fase"},
    "no_phase": {"en": "No estimate: nothing could be observed",
                 "nl": "Geen schatting: er kon niets worden waargenomen"},
    "probability": {"en": "Probability", "nl": "Kans"},
    "confidence": {"en": "Confidence", "nl": "Betrouwbaarheid"},
    # footprint evaluate: calibration in words (analyzer.tools.evaluate)
    "reliability_estimate": {
        "en": "Reliability of the estimate: when it gave the phase it names a probability in the band, how often "
              "that phase was the right one (calibrated: the two columns close).",
        "nl": "Betrouwbaarheid van de schatting: als die de fase die ze noemt een kans in de band gaf, hoe vaak "
              "die fase de juiste was (gekalibreerd: de twee kolommen dicht bij elkaar)."},
    "reliability_confidence": {
        "en": "Reliability of the confidence shown to people: when it said a figure in the band, how often the "
              "phase was the right one (calibrated: the two columns close).",
        "nl": "Betrouwbaarheid van de getoonde betrouwbaarheid: als die een cijfer in de band noemde, hoe vaak de "
              "fase de juiste was (gekalibreerd: de twee kolommen dicht bij elkaar)."},
    "confidence_calibrated_on": {"en": "The confidence is calibrated by cross-validation on {n} simulated "
                                       "organisations, not on real ones.",
                                 "nl": "De betrouwbaarheid is gekalibreerd met kruisvalidatie op {n} gesimuleerde "
                                       "organisaties, niet op echte."},
    "rel_band": {"en": "band", "nl": "band"},
    "method_rules": {"en": "rules only", "nl": "alleen regels"},
    "method_classifier": {"en": "classifier only", "nl": "alleen classificatie"},
    "method_combined": {"en": "rules and classifier combined", "nl": "regels en classificatie samen"},
    "method_none": {"en": "none (nothing observed)", "nl": "geen (niets waargenomen)"},
    "method_col_rules": {"en": "rules", "nl": "regels"},
    "method_col_classifier": {"en": "classifier", "nl": "classificatie"},
    "method_col_combined": {"en": "combined", "nl": "samen"},
    "metric_accuracy": {"en": "accuracy", "nl": "juist"},
    "metric_within_one": {"en": "within one", "nl": "binnen één fase"},
    "metric_max_off": {"en": "largest miss", "nl": "grootste misser"},
    "metric_macro_f1": {"en": "macro F1", "nl": "macro-F1"},
    "metric_brier": {"en": "Brier score", "nl": "Brier-score"},
    "metric_n": {"en": "organisations", "nl": "organisaties"},
    "confusion_heading": {"en": "confusion (rows: true phase, columns: estimate)",
                          "nl": "verwarring (rijen: echte fase, kolommen: schatting)"},
    "phase_short_ad_hoc": {"en": "AdH", "nl": "AdH"},
    "phase_short_experimental": {"en": "Exp", "nl": "Exp"},
    "phase_short_functional": {"en": "Fun", "nl": "Fun"},
    "phase_short_transformation": {"en": "Tra", "nl": "Tra"},
    "eval_heldout_title": {"en": "held-out organisations, model {model}, rules {rules}",
                           "nl": "achtergehouden organisaties, model {model}, regels {rules}"},
    "eval_title": {"en": "{source}, rules {rules}", "nl": "{source}, regels {rules}"},
    "eval_missed": {"en": "missed (as read, combined):", "nl": "gemist (zoals gelezen, samen):"},
    "eval_missed_row": {"en": "  {org}: {truth}, estimated {est} (p={p})",
                        "nl": "  {org}: {truth}, geschat {est} (p={p})"},
    "rel_orgs": {"en": "organisations", "nl": "organisaties"},
    "rel_said": {"en": "said", "nl": "gezegd"},
    "rel_right": {"en": "right", "nl": "juist"},
    "rel_summary": {"en": "Largest gap: {n} organisations were given about {said}% and {right}% of them were "
                          "placed in the right phase.",
                    "nl": "Grootste verschil: {n} organisaties kregen ongeveer {said}% en {right}% daarvan kreeg "
                          "de juiste fase."},
    "brier_words": {"en": "Brier score (four phases) {value}: the mean over organisations of the summed squared "
                          "differences between the four probabilities and the true phase; 0 is perfect, 0.75 is "
                          "what saying 25% to every phase scores, 2 is certain and wrong.",
                    "nl": "Brier-score (vier fasen) {value}: het gemiddelde over de organisaties van de opgetelde "
                          "kwadratische verschillen tussen de vier kansen en de echte fase; 0 is perfect, 0,75 "
                          "scoort wie elke fase 25% geeft, 2 is zeker en fout."},
    "you_are_here": {"en": "estimated phase", "nl": "geschatte fase"},
    "rules": {"en": "Rules and evidence", "nl": "Regels en bewijs"},
    "fired": {"en": "Met", "nl": "Voldaan"},
    "unmet": {"en": "Not met", "nl": "Niet voldaan"},
    "unknown": {"en": "Unknown (not observed)", "nl": "Onbekend (niet waargenomen)"},
    "no_rules": {"en": "No rules for this phase.", "nl": "Geen regels voor deze fase."},
    "weight": {"en": "weight", "nl": "gewicht"},
    "evidence": {"en": "Evidence", "nl": "Bewijs"},
    "no_evidence": {"en": "no evidence recorded", "nl": "geen bewijs vastgelegd"},
    "seen": {"en": "seen", "nl": "gezien"},
    "phase_below": {"en": "below the estimated phase; shown for completeness",
                    "nl": "onder de geschatte fase; volledigheidshalve getoond"},
    "phase_below_terminal": {"en": "below the estimate; sources in --json", "nl": "onder de schatting; bronnen in --json"},
    "more_sources": {"en": "{n} more source(s)", "nl": "nog {n} bron(nen)"},
    "source": {"en": "source", "nl": "bron"},
    "accounts": {"en": "Accounts", "nl": "Accounts"},
    "no_accounts": {"en": "No organisation accounts found.", "nl": "Geen accounts van de organisatie gevonden."},
    "platform": {"en": "Platform", "nl": "Platform"},
    "handle": {"en": "Account", "nl": "Account"},
    "link": {"en": "Link", "nl": "Link"},
    "role": {"en": "Role", "nl": "Rol"},
    "ownership": {"en": "Ownership", "nl": "Eigendom"},
    "platform_verified": {"en": "Platform badge", "nl": "Platformvinkje"},
    "active": {"en": "Active", "nl": "Actief"},
    "inactive": {"en": "Inactive", "nl": "Inactief"},
    "posts_per_week": {"en": "Posts/week", "nl": "Berichten/week"},
    "reply_share": {"en": "Share of replies", "nl": "Aandeel reacties"},
    "sample_size": {"en": "Sample", "nl": "Steekproef"},
    "last_post": {"en": "Last post", "nl": "Laatste bericht"},
    "yes": {"en": "yes", "nl": "ja"},
    "no": {"en": "no", "nl": "nee"},
    "not_observed": {"en": "not observed", "nl": "niet waargenomen"},
    "staff": {"en": "Staff accounts", "nl": "Accounts van medewerkers"},
    "staff_count": {"en": "{n} staff account(s) found", "nl": "{n} account(s) van medewerkers gevonden"},
    "staff_read_line": {"en": "{read} of {found} read: {active} posted in the last 30 days, {about} posted about "
                              "the organisation in the last 90 days (counted together, never per person)",
                        "nl": "{read} van {found} gelezen: {active} plaatste(n) iets in de laatste 30 dagen, "
                              "{about} over de organisatie in de laatste 90 dagen (samen geteld, nooit per persoon)"},
    "staff_hidden": {"en": "Names are personal data and hidden; use --names to show them.",
                     "nl": "Namen zijn persoonsgegevens en verborgen; gebruik --names om ze te tonen."},
    "personal_hidden": {"en": "personal data hidden", "nl": "persoonsgegevens verborgen"},
    "coverage": {"en": "What could not be observed", "nl": "Wat niet kon worden waargenomen"},
    "coverage_ok": {"en": "Every source could be read.", "nl": "Alle bronnen konden worden gelezen."},
    "skipped": {"en": "Not needed or switched off", "nl": "Niet nodig of uitgeschakeld"},
    "coverage_effect": {
        "en": "Signals that depend on these sources are unknown, not zero: rules that need them are "
              "shown as unknown and weigh in the estimate as not met, so what could not be seen never "
              "raises it, and the confidence is lower.",
        "nl": "Signalen die van deze bronnen afhangen zijn onbekend, niet nul: regels die ze nodig "
              "hebben staan als onbekend en tellen in de schatting als niet voldaan, zodat wat niet te "
              "zien was haar nooit verhoogt, en de betrouwbaarheid is lager."},
    "collector": {"en": "Source", "nl": "Bron"},
    "status": {"en": "Status", "nl": "Status"},
    "reason": {"en": "Reason", "nl": "Reden"},
    "next_steps": {"en": "Next steps", "nl": "Volgende stappen"},
    "why": {"en": "Why", "nl": "Waarom"},
    "explain_hint": {"en": "footprint explain {d} shows all evidence", "nl": "footprint explain {d} toont alle bewijs"},
    "no_next_steps": {"en": "No next steps.", "nl": "Geen volgende stappen."},
    # Which kind of next step (analyzer.estimate.steps_for): a gap of the current phase, a step to
    # the next phase, or what sustains Transformation.
    "step_gap": {"en": "Gap in the current phase", "nl": "Gat in de huidige fase"},
    "step_next": {"en": "Towards the next phase", "nl": "Naar de volgende fase"},
    "step_sustain": {"en": "To sustain", "nl": "Om vast te houden"},
    "confidence_reasons": {"en": "About the confidence", "nl": "Over de betrouwbaarheid"},
    "history": {"en": "History", "nl": "Verloop"},
    "n_scans": {"en": "{n} scan(s)", "nl": "{n} scan(s)"},
    "history_none": {"en": "No stored scans of {domain}.", "nl": "Geen opgeslagen scans van {domain}."},
    "scanned_at": {"en": "Scanned", "nl": "Gescand"},
    "history_as_of": {"en": "Observed", "nl": "Waargenomen"},
    "as_of": {"en": "Observations as of", "nl": "Waarnemingen per"},
    "version": {"en": "footprint version", "nl": "footprint-versie"},
    "ruleset": {"en": "Rule set", "nl": "Regelset"},
    "model": {"en": "Model", "nl": "Model"},
    "method": {"en": "Method", "nl": "Methode"},
    "scan_id": {"en": "Scan", "nl": "Scan"},
    "changes": {"en": "Changes", "nl": "Veranderingen"},
    "no_change": {"en": "no change", "nl": "geen verandering"},
    "first_scan": {"en": "first scan", "nl": "eerste scan"},
    "signals": {"en": "Signals", "nl": "Signalen"},
    "organisation": {"en": "Organisation", "nl": "Organisatie"},
    "organisations": {"en": "Organisations", "nl": "Organisaties"},
    "distribution": {"en": "Phase distribution", "nl": "Verdeling over de fasen"},
    "filter": {"en": "Filter organisations", "nl": "Organisaties filteren"},
    "filter_placeholder": {"en": "Type to filter (name, phase, …)", "nl": "Typ om te filteren (naam, fase, …)"},
    "shown": {"en": "shown", "nl": "getoond"},
    "batch_title": {"en": "Batch report", "nl": "Batchrapport"},
    "run": {"en": "Run", "nl": "Run"},
    "generated": {"en": "Generated", "nl": "Gemaakt"},
    "sort_hint": {"en": "Click a column header to sort.", "nl": "Klik op een kolomkop om te sorteren."},
    "none_phase": {"en": "none", "nl": "geen"},
    "about": {"en": "About this report", "nl": "Over dit rapport"},
    "about_text": {
        "en": "This estimate rests only on public evidence: the organisation's website and its public "
              "social media accounts. Every conclusion links to the observation behind it.",
        "nl": "Deze schatting berust alleen op openbaar bewijs: de website van de organisatie en haar "
              "openbare social-media-accounts. Elke conclusie verwijst naar de waarneming erachter."},
    "per_week_short": {"en": "/week", "nl": "/week"},
    "reply_short": {"en": "Repl.", "nl": "Reac."},
    "sample_short": {"en": "Sample", "nl": "Steekpr."},
    "answered_short": {"en": "Answered", "nl": "Beantw."},
    "posts_per_week_unit": {"en": "posts/week", "nl": "berichten/week"},
    "reply_share_unit": {"en": "of posts are replies", "nl": "van de berichten zijn reacties"},
    "sample_unit": {"en": "{n} posts read", "nl": "{n} berichten gelezen"},
    "activity_not_read": {"en": "activity not read", "nl": "activiteit niet gelezen"},
    "report_hint": {"en": "footprint report {d} writes a report to hand on",
                    "nl": "footprint report {d} maakt een rapport om te delen"},
    "nothing_found": {"en": "nothing found on the {n} website page(s) read",
                      "nl": "niets gevonden op de {n} gelezen webpagina('s)"},
    "rule_case": {"en": "{n} case", "nl": "{n} geval"},
    "rule_cases": {"en": "{n} cases", "nl": "{n} gevallen"},
    "rules_all_good": {"en": "{name}: {n} rules, all good", "nl": "{name}: {n} regels, alles in orde"},
    "rules_problems": {"en": "{name}: {p} problem(s) in {bad} of {n} rules",
                       "nl": "{name}: {p} probleem/problemen in {bad} van {n} regels"},
    "builtin_rules": {"en": "built-in", "nl": "ingebouwd"},
    "no_network": {"en": "no network connection", "nl": "geen netwerkverbinding"},
    "answered_note": {"en": "Answered: the share of questions (replies under its posts, posts mentioning it, by "
                            "others) the account answered in the window; the number of questions in brackets.",
                      "nl": "Beantw.: het aandeel vragen (reacties onder de berichten, berichten die het account "
                            "noemen, door anderen) dat het account in het venster beantwoordde; tussen haakjes "
                            "het aantal vragen."},
    "badge": {"en": "badge", "nl": "vinkje"},
    "accounts_unobserved": {"en": "Accounts could not be observed: nothing could be fetched (see below).",
                            "nl": "Accounts konden niet worden waargenomen: er kon niets worden opgehaald (zie hieronder)."},
    "not_a_link": {"en": "not a web address, so not a link", "nl": "geen webadres, dus geen link"},
    "key_signals": {"en": "Key signals", "nl": "Belangrijkste signalen"},
    "accounts_note": {
        "en": "Ownership: verified = proven by a back-link or domain; linked from site = the website links to it. "
              "Platform badge = the platform's own verification. Replies = share of posts that answer others. "
              "Sample = posts read.",
        "nl": "Eigendom: geverifieerd = bewezen met een terugverwijzing of domein; gelinkt vanaf site = de website "
              "verwijst ernaar. Platformvinkje = de eigen verificatie van het platform. Reacties = aandeel "
              "berichten dat op anderen reageert. Steekproef = gelezen berichten."},
    "staff_hidden_report": {
        "en": "Names and handles of staff are personal data and are left out of this report.",
        "nl": "Namen en accounts van medewerkers zijn persoonsgegevens en staan niet in dit rapport."},
    "rules_intro": {
        "en": "Each phase has rules over the observed signals. Met rules support the phase; unmet rules show "
            "what holds the organisation back; unknown rules could not be checked. Sources are linked.",
        "nl": "Elke fase heeft regels over de waargenomen signalen. Voldane regels ondersteunen de fase; niet "
              "voldane regels laten zien wat de organisatie tegenhoudt; onbekende regels konden niet worden "
              "getoetst. Bronnen zijn gelinkt."},
    "unknown_short": {"en": "Unknown", "nl": "Onbekend"},
    "meaning": {"en": "What it means", "nl": "Wat het betekent"},
    "all_organisations": {"en": "All organisations", "nl": "Alle organisaties"},
    "no_estimate": {"en": "No estimate", "nl": "Geen schatting"},
    "batch_intro": {"en": "{n} organisations in run {run}.", "nl": "{n} organisaties in run {run}."},
    "row_status": {"en": "Status", "nl": "Status"},
    "all_phases": {"en": "All phases", "nl": "Alle fasen"},
    "no_match": {"en": "No organisation matches the filter.", "nl": "Geen organisatie past bij het filter."},
}

PHASE_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "ad_hoc": {"en": "Staff use social media on their own initiative; no organisation accounts that serve its goals.",
               "nl": "Medewerkers gebruiken social media op eigen initiatief; geen accounts van de organisatie die haar doelen dienen."},
    "experimental": {"en": "First organisation accounts; irregular posting; replies depend on one person.",
                     "nl": "Eerste accounts van de organisatie; onregelmatig posten; reageren hangt af van één persoon."},
    "functional": {"en": "Social media used on purpose: several active channels, regular cadence, structured replies, policy and webcare.",
                   "nl": "Social media bewust ingezet: meerdere actieve kanalen, vaste regelmaat, gestructureerd reageren, beleid en webcare."},
    "transformation": {"en": "Stakeholders and organisation form a value-creating network: co-creation, communities, ambassadors.",
                       "nl": "Stakeholders en organisatie vormen een waardecreërend netwerk: co-creatie, community's, ambassadeurs."},
}

ROLES = {"official": {"en": "official", "nl": "officieel"}, "department": {"en": "department", "nl": "afdeling"},
         "staff": {"en": "staff", "nl": "medewerker"}, "other": {"en": "other", "nl": "overig"}}
OWNERSHIP = {"verified": {"en": "verified", "nl": "geverifieerd"},
             "claimed": {"en": "linked from site", "nl": "gelinkt vanaf site"},
             "doubtful": {"en": "doubtful", "nl": "twijfelachtig"}}
SCAN_STATUS = {"complete": {"en": "complete", "nl": "volledig"}, "partial": {"en": "partial", "nl": "gedeeltelijk"},
               "unobservable": {"en": "unobservable", "nl": "niet waarneembaar"}}
COVERAGE_STATUS = {"ok": {"en": "ok", "nl": "ok"}, "partial": {"en": "partly read", "nl": "deels gelezen"},
                   "unavailable": {"en": "unavailable", "nl": "niet beschikbaar"},
                   "failed": {"en": "failed", "nl": "mislukt"}, "skipped": {"en": "skipped", "nl": "overgeslagen"}}

# What a coverage reason means for the reader (why a source is missing from the picture).
COVERAGE_REASONS: dict[str, dict[str, str]] = {
    "no_token": {"en": "no API token configured, so this platform's activity was not read",
                 "nl": "geen API-token ingesteld, dus de activiteit op dit platform is niet gelezen"},
    "timeout": {"en": "the source did not answer in time", "nl": "de bron antwoordde niet op tijd"},
    "refused": {"en": "the connection was refused", "nl": "de verbinding werd geweigerd"},
    "connection_error": {"en": "the source could not be reached", "nl": "de bron was niet bereikbaar"},
    "dns_error": {"en": "the host name does not resolve", "nl": "de hostnaam bestaat niet of is onvindbaar"},
    "tls_error": {"en": "the secure connection failed", "nl": "de beveiligde verbinding mislukte"},
    "blocked_by_robots": {"en": "robots.txt asks crawlers to stay away", "nl": "robots.txt vraagt crawlers weg te blijven"},
    "rate_limited": {"en": "the platform limited the number of requests", "nl": "het platform beperkte het aantal verzoeken"},
    "quota_exhausted": {"en": "the monthly read budget is spent", "nl": "het maandelijkse leesbudget is op"},
    "http_error": {"en": "the source answered with an error", "nl": "de bron antwoordde met een foutmelding"},
    "not_found": {"en": "the page or account was not found", "nl": "de pagina of het account is niet gevonden"},
    "too_large": {"en": "the answer was over the size limit (of a web page only the first part was read)",
                  "nl": "het antwoord was groter dan de limiet (van een webpagina is alleen het begin gelezen)"},
    "login_wall": {"en": "the platform shows nothing without logging in", "nl": "het platform toont niets zonder in te loggen"},
    "bot_wall": {"en": "the site blocks automated visitors", "nl": "de site blokkeert geautomatiseerde bezoekers"},
    "private_address": {"en": "the host points to a private network address", "nl": "de host wijst naar een privé-netwerkadres"},
    "not_in_archive": {"en": "not present in the recorded archive", "nl": "niet aanwezig in het opgenomen archief"},
    "malformed": {"en": "the answer could not be understood", "nl": "het antwoord was onleesbaar"},
    "unsupported_content": {"en": "the content type is not supported", "nl": "het type inhoud wordt niet ondersteund"},
    "redirect_loop": {"en": "the source redirects in a loop", "nl": "de bron verwijst in een kringetje door"},
    "too_many_redirects": {"en": "too many redirects", "nl": "te veel doorverwijzingen"},
    "budget_exhausted": {"en": "the scan's time budget ran out", "nl": "de tijd voor de scan was op"},
    "disabled": {"en": "switched off in the settings", "nl": "uitgeschakeld in de instellingen"},
    "no_accounts": {"en": "no accounts on this platform to read", "nl": "geen accounts op dit platform om te lezen"},
    "suspended": {"en": "the account is suspended", "nl": "het account is opgeschort"},
    "invalid_input": {"en": "the input could not be used", "nl": "de invoer was onbruikbaar"},
    "internal_error": {"en": "an internal error stopped this source (details in the log)",
                       "nl": "een interne fout hield deze bron tegen (details in het logbestand)"},
}

SIGNALS: dict[str, dict[str, str]] = {
    "official_platforms": {"en": "Platforms with an official account", "nl": "Platforms met een officieel account"},
    "active_platforms": {"en": "Platforms active in the last 30 days", "nl": "Platforms actief in de laatste 30 dagen"},
    "posts_per_week": {"en": "Posts per week", "nl": "Berichten per week"},
    "reply_share": {"en": "Share of posts that are replies", "nl": "Aandeel berichten dat een reactie is"},
    "staff_accounts": {"en": "Staff accounts", "nl": "Accounts van medewerkers"},
}
KEY_SIGNALS: tuple[str, ...] = tuple(SIGNALS)
SIGNALS_SHORT: dict[str, dict[str, str]] = {
    "official_platforms": {"en": "Platforms", "nl": "Platf."},
    "active_platforms": {"en": "Active", "nl": "Actief"},
    "posts_per_week": {"en": "Posts/wk", "nl": "Ber./wk"},
    "reply_share": {"en": "Replies", "nl": "Reac."},
    "staff_accounts": {"en": "Staff", "nl": "Medew."},
}

PLATFORM_NAMES: dict[str, str] = {
    "x": "X", "facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn",
    "youtube": "YouTube", "tiktok": "TikTok", "mastodon": "Mastodon", "bluesky": "Bluesky",
    "threads": "Threads", "pinterest": "Pinterest", "github": "GitHub", "xing": "XING",
    "telegram": "Telegram", "vimeo": "Vimeo", "flickr": "Flickr", "whatsapp": "WhatsApp",
    "snapchat": "Snapchat", "spotify": "Spotify", "soundcloud": "SoundCloud", "twitch": "Twitch",
}


EVIDENCE_KINDS: dict[str, dict[str, str]] = {
    "page_fetched": {"en": "website page", "nl": "webpagina"},
    "account_link": {"en": "link to an account", "nl": "link naar een account"},
    "policy_page": {"en": "social media policy", "nl": "socialemediabeleid"},
    "webcare": {"en": "webcare", "nl": "webcare"},
    "social_role": {"en": "social media role", "nl": "socialemediafunctie"},
    "community_platform": {"en": "community platform", "nl": "communityplatform"},
    "ambassador_programme": {"en": "ambassador programme", "nl": "ambassadeursprogramma"},
    "embedded_timeline": {"en": "embedded timeline", "nl": "ingesloten tijdlijn"},
    "profile": {"en": "platform profile", "nl": "platformprofiel"},
    "activity": {"en": "measured activity", "nl": "gemeten activiteit"},
    "post": {"en": "post", "nl": "bericht"},
    "mentions": {"en": "mentions", "nl": "vermeldingen"},
    "ownership_proof": {"en": "proof of ownership", "nl": "eigendomsbewijs"},
    "staff_account": {"en": "staff account", "nl": "account van medewerker"},
    "presence": {"en": "profile presence", "nl": "aanwezigheid van profiel"},
    "department_account": {"en": "department account", "nl": "account van afdeling"},
    "staff_read": {"en": "staff accounts read (aggregated)", "nl": "gelezen medewerkersaccounts (samengevoegd)"},
}

# Collectors name themselves (collectors.registry.label); these are former collectors that stored
# scans may still list.
SOURCES: dict[str, dict[str, str]] = {
    "profiles": {"en": "Profile pages", "nl": "Profielpagina's"},
}

MONTHS = {"en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
          "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")}


def step_text(step: Mapping[str, str], lang: str) -> str:
    """A next step as people read it: its kind (gap, next phase, sustain), then the step."""
    kind = step.get("kind") or "next"  # steps stored before kinds existed were all next-phase steps
    return f"{t('step_' + kind, lang)}: {pick({k: v for k, v in step.items() if k != 'kind'}, lang)}"


def pick(texts: Mapping[str, str] | None, lang: str) -> str:
    """The text in `lang` from a {en, nl} dict, falling back to English, then to any text."""
    if not texts:
        return ""
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


def t(key: str, lang: str, **fmt: object) -> str:
    """A label in `lang`; unknown keys show as themselves."""
    text = pick(LABELS.get(key), lang) or key
    return text.format(**fmt) if fmt else text


def phase_label(phase: str | None, lang: str) -> str:
    return pick(PHASE_LABELS.get(phase or ""), lang) if phase else t("none_phase", lang)


def label(table: Mapping[str, Mapping[str, str]], key: str | None, lang: str) -> str:
    """A label from one of the tables above; an unknown id shows as the id."""
    if key is None:
        return ""
    return pick(table.get(key), lang) or key


def platform_name(platform: str | None) -> str:
    return PLATFORM_NAMES.get(platform or "", platform or "")


def fmt_date(dt: datetime | None, lang: str, with_time: bool = False) -> str:
    """A date as a person reads it (UTC): '3 Mar 2025' / '3 mrt 2025'."""
    if dt is None:
        return t("not_observed", lang)
    dt = dt.astimezone(timezone.utc) if dt.tzinfo else dt
    months = MONTHS[lang if lang in MONTHS else "en"]
    text = f"{dt.day} {months[dt.month - 1]} {dt.year}"
    return f"{text} {dt:%H:%M} UTC" if with_time else text


def fmt_number(value: float | int | None, lang: str, digits: int = 1) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return t("yes" if value else "no", lang)
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "nl" else text


def fmt_share(value: float | None, lang: str) -> str:
    """A share 0..1 as a percentage, or a dash when unobserved."""
    return "–" if value is None else f"{round(value * 100)}%"


def fmt_answered(rate: float | None, asked: int | None, lang: str) -> str:
    """The answered share with the number of questions it rests on: "50% (2)", "– (0)", "–"."""
    if asked is None:
        return "–"
    return f"{fmt_share(rate, lang)} ({fmt_number(asked, lang)})"


def source_name(collector: str, lang: str) -> str:
    """A collector as a reader knows it: its own label, a platform's name (a former collector's
    key), a former collector's label, or the id."""
    return collector_label(collector, lang) or PLATFORM_NAMES.get(collector) or label(SOURCES, collector, lang)
