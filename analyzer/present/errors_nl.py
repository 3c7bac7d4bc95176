"""Error lines in Dutch: the one-line messages of unusable input, in the language of the command.

Errors are raised in English deep down (the core and the collectors know no language); the line a
person reads is translated here, where it is printed. A message is "SUBJECT: problem": the subject
(a file, a flag, the input itself) stays as it is, the problem is translated by the phrase table
below, phrase by phrase; a phrase without a Dutch text stays English, so a new message is never
lost, only untranslated (tests/test_errors_nl.py checks that the common ones are Dutch).

Click's own usage errors (a missing option, an unknown option, a wrong value) are translated by the
same table: their English comes from Click and is stable across its 8.x versions.
"""
from __future__ import annotations

import re
from typing import Sequence

# (English phrase as a regular expression, Dutch text; groups are kept with \1, \2 ...). Longest,
# most specific phrases first: each is applied once, left to right over the whole line.
PHRASES: tuple[tuple[str, str], ...] = (
    # the input: a domain, URL or e-mail address (analyzer/core/normalize.py)
    (r"empty input: give a domain such as example\.nl", "lege invoer: geef een domein zoals example.nl"),
    (r"contains spaces: give one domain, URL or e-mail address",
     "bevat spaties: geef één domein, URL of e-mailadres"),
    (r"no host name in it", "er staat geen hostnaam in"),
    (r"not a valid host name \(labels may hold letters, digits and inner hyphens\)",
     "geen geldige hostnaam (een label bevat letters, cijfers en streepjes binnenin)"),
    (r"not a valid host name \((.*)\)", r"geen geldige hostnaam (\1)"),
    (r"not a valid e-mail address", "geen geldig e-mailadres"),
    (r"not a valid URL \((.*)\)", r"geen geldige URL (\1)"),
    (r"scheme ('[^']*') is not http or https", r"schema \1 is geen http of https"),
    (r"URLs with a user name or password are not scanned",
     "URL's met een gebruikersnaam of wachtwoord worden niet gescand"),
    (r"an IP address is not an organisation's domain", "een IP-adres is geen domein van een organisatie"),
    (r"not a domain: it has no public suffix \(e\.g\. example\.nl\)",
     "geen domein: er zit geen publieke extensie aan (zoals example.nl)"),
    (r"(\.\S+) is a reserved name, not a public domain", r"\1 is een gereserveerde naam, geen publiek domein"),
    (r"('\.[^']*') is not a known public suffix", r"\1 is geen bekende publieke extensie"),
    (r"a bare public suffix is not an organisation's domain",
     "een losse publieke extensie is geen domein van een organisatie"),
    (r"(\S+) is a free-mail provider, not the organisation's domain; give its website",
     r"\1 is een gratis e-maildienst, niet het domein van de organisatie; geef haar website"),
    # files and folders
    (r"no such file", "bestand bestaat niet"),
    (r"the file is empty", "het bestand is leeg"),
    (r"is a folder; give a file name such as (\S+)", r"is een map; geef een bestandsnaam zoals \1"),
    (r"is a folder, not (.*)", r"is een map, geen \1"),
    (r"is a file; with --run give a folder", "is een bestand; geef bij --run een map"),
    (r"(\S+) is not a folder", r"\1 is geen map"),
    (r"cannot be written \((.*)\)", r"kan niet worden geschreven (\1)"),
    (r"cannot write \((.*)\)", r"kan niet schrijven (\1)"),
    (r"cannot read \((.*)\)", r"kan niet lezen (\1)"),
    (r"unknown output type ('[^']*'|\S+); use (.*)", r"onbekend uitvoertype \1; gebruik \2"),
    (r"unknown report type ('[^']*'|\S+); use \.html or \.pdf", r"onbekend rapporttype \1; gebruik .html of .pdf"),
    (r"(\S+) files are not read; save it as \.xlsx or \.csv", r"\1-bestanden worden niet gelezen; sla het op als .xlsx of .csv"),
    (r"no column named ('[^']*') \(columns: (.*)\)", r"geen kolom met de naam \1 (kolommen: \2)"),
    (r"no domain column found \(looked for a header named (.*?); columns: (.*?)\)",
     r"geen kolom met domeinen gevonden (gezocht naar een kop \1; kolommen: \2)"),
    (r"the header row is not readable CSV", "de kopregel is geen leesbare CSV"),
    (r"row (\d+) is not readable CSV", r"rij \1 is geen leesbare CSV"),
    (r"row (\d+) is not readable", r"rij \1 is niet leesbaar"),
    (r"not a readable XLSX workbook", "geen leesbare XLSX-werkmap"),
    (r"the first row of the first sheet must be a header row", "de eerste rij van het eerste blad moet een kopregel zijn"),
    (r"the first sheet is empty", "het eerste blad is leeg"),
    (r"not a readable UTF-8 CSV file", "geen leesbaar CSV-bestand in UTF-8"),
    (r"missing columns (.*)", r"kolommen ontbreken: \1"),
    (r"('[^']*') is not a phase \(use (.*?) or the Dutch/English label\)",
     r"\1 is geen fase (gebruik \2 of de Nederlandse/Engelse naam)"),
    (r"('[^']*') is not a number", r"\1 is geen getal"),
    (r"unknown signals (.*)", r"onbekende signalen: \1"),
    # settings, options and times
    (r"not an ISO 8601 time", "geen ISO 8601-tijd"),
    (r"unknown setting", "onbekende instelling"),
    (r"expected 1/true/yes or 0/false/no", "verwacht 1/true/yes of 0/false/no"),
    (r"expected a finite number", "verwacht een eindig getal"),
    (r"expected one of (.*)", r"verwacht een van \1"),
    (r"expected platform:handle, e\.g\. (\S+)", r"verwacht platform:naam, bijvoorbeeld \1"),
    (r"record and replay settings cannot be used together \(one archive is written or read\)",
     "record en replay gaan niet samen (één archief wordt geschreven of gelezen)"),
    (r"the token is malformed", "het token is ongeldig"),
    # the store, runs and scans
    (r"no stored scan; run `footprint scan (\S+)` first", r"geen opgeslagen scan; voer eerst `footprint scan \1` uit"),
    (r"not in the store", "niet in de opslag"),
    (r"no stored scan; scan it first with `footprint scan (\S+)`",
     r"geen opgeslagen scan; scan eerst met `footprint scan \1`"),
    (r"no batch run of that name in the store", "geen batchrun met die naam in de opslag"),
    (r"is in progress in another process \(pid (\d+)\); wait for it to finish, or give another --run",
     r"loopt in een ander proces (pid \1); wacht tot die klaar is, of geef een andere --run"),
    (r"was made from another input \((.*?)\); use another --run NAME for (.*)",
     r"is gemaakt van andere invoer (\1); gebruik een andere --run NAAM voor \2"),
    (r"cannot be opened as a footprint database", "kan niet als footprint-database worden geopend"),
    (r"is newer than this footprint understands \((.*?)\); upgrade footprint",
     r"is nieuwer dan deze footprint begrijpt (\1); werk footprint bij"),
    (r"free space and run the same command again to resume",
     "maak ruimte vrij en geef hetzelfde commando opnieuw om verder te gaan"),
    (r"the batch stopped", "de batch is gestopt"),
    # commands
    (r"give either DOMAIN or --run NAME \(not both\)", "geef DOMEIN of --run NAAM (niet beide)"),
    (r"--scan cannot be combined with --run", "--scan gaat niet samen met --run"),
    (r"give --out FOLDER for the pages", "geef --out MAP voor de pagina's"),
    (r"give exactly one of LABELS\.csv, --simulated or --heldout", "geef precies één van LABELS.csv, --simulated of --heldout"),
    (r"give either LABELS\.csv or --simulated", "geef LABELS.csv of --simulated"),
    (r"labelled organisations; train needs at least (\d+)", r"gelabelde organisaties; train heeft er minstens \1 nodig"),
    (r"needs organisations of at least two phases to train", "heeft organisaties van minstens twee fasen nodig om te trainen"),
    (r"no such trained model \(see footprint model list\)", "geen getraind model met die naam (zie footprint model list)"),
    (r"reviewer: give your name, so that the assessment says who made it",
     "beoordelaar: geef uw naam, zodat de beoordeling zegt wie haar maakte"),
    (r"use thread or dask", "gebruik thread of dask"),
    (r"expected tcp://HOST:PORT", "verwacht tcp://HOST:POORT"),
    # Click's usage errors
    (r"Missing option ('[^']*')\.", r"Optie \1 ontbreekt."),
    (r"Missing argument ('[^']*')\.", r"Argument \1 ontbreekt."),
    (r"No such option: (\S+)", r"Onbekende optie: \1"),
    (r"No such option ('[^']*')\.", r"Onbekende optie \1."),
    (r"Did you mean (.*)\?", r"Bedoelt u \1?"),
    (r"\(Possible options: (.*)\)", r"(Mogelijke opties: \1)"),
    (r"No such command ('[^']*')\.", r"Onbekend commando \1."),
    (r"Got unexpected extra arguments? \((.*)\)", r"Onverwachte extra argumenten (\1)"),
    (r"Option ('[^']*') requires an argument\.", r"Optie \1 vraagt een waarde."),
    (r"Invalid value for ('[^']*'|\S+): ", r"Ongeldige waarde voor \1: "),
    (r"('[^']*') is not one of (.*)\.", r"\1 is niet een van \2."),
    (r"('[^']*') is not a valid integer\.", r"\1 is geen geldig geheel getal."),
    (r"('[^']*') is not a valid float\.", r"\1 is geen geldig getal."),
    (r"(\S+) is not in the range (.*)\.", r"\1 valt niet in het bereik \2."),
    (r"Path ('[^']*') does not exist\.", r"Pad \1 bestaat niet."),
    (r"File ('[^']*') does not exist\.", r"Bestand \1 bestaat niet."),
    (r"Directory ('[^']*') does not exist\.", r"Map \1 bestaat niet."),
    # general words that end many lines
    (r"internal error", "interne fout"),
    (r"details in (\S+)\)", r"details in \1)"),
    (r"^interrupted$", "onderbroken"),
)

_COMPILED: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), nl) for p, nl in PHRASES)


def localise_error(message: str, lang: str) -> str:
    """`message` (an English error line) in `lang`: Dutch phrases where the table has them."""
    if lang != "nl":
        return message
    for pattern, dutch in _COMPILED:
        message = pattern.sub(dutch, message, count=1)
    return message


def lang_of_argv(argv: Sequence[str], environ: dict[str, str]) -> str:
    """The language a command line asks for before Click has parsed it (for Click's own errors):
    --lang nl / --lang=nl, else FOOTPRINT_LANG, else English."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1] if argv[i + 1] in ("en", "nl") else "en"
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
            return value if value in ("en", "nl") else "en"
    value = environ.get("FOOTPRINT_LANG", "")
    return value if value in ("en", "nl") else "en"
