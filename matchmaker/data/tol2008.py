"""Finnish Standard Industrial Classification TOL 2008 (= NACE Rev. 2), top two levels.

Sections (A-U) and the 88 divisions (01-99) with their Finnish and English names, as plain
data (the Swedish names are in `tol2008_sv`). Organisations store a list of codes; a code is
either a section letter ("C") or a two-digit division ("30").
"""

from __future__ import annotations

from matchmaker.data.tol2008_sv import DIVISIONS_SV, SECTIONS_SV

SECTIONS: dict[str, tuple[str, str]] = {
    "A": ("Maatalous, metsätalous ja kalatalous", "Agriculture, forestry and fishing"),
    "B": ("Kaivostoiminta ja louhinta", "Mining and quarrying"),
    "C": ("Teollisuus", "Manufacturing"),
    "D": (
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
    ),
    "E": (
        "Vesihuolto, viemäri- ja jätevesihuolto, jätehuolto ja muu ympäristön puhtaanapito",
        "Water supply; sewerage, waste management and remediation activities",
    ),
    "F": ("Rakentaminen", "Construction"),
    "G": (
        "Tukku- ja vähittäiskauppa; moottoriajoneuvojen ja moottoripyörien korjaus",
        "Wholesale and retail trade; repair of motor vehicles and motorcycles",
    ),
    "H": ("Kuljetus ja varastointi", "Transportation and storage"),
    "I": ("Majoitus- ja ravitsemistoiminta", "Accommodation and food service activities"),
    "J": ("Informaatio ja viestintä", "Information and communication"),
    "K": ("Rahoitus- ja vakuutustoiminta", "Financial and insurance activities"),
    "L": ("Kiinteistöalan toiminta", "Real estate activities"),
    "M": (
        "Ammatillinen, tieteellinen ja tekninen toiminta",
        "Professional, scientific and technical activities",
    ),
    "N": ("Hallinto- ja tukipalvelutoiminta", "Administrative and support service activities"),
    "O": (
        "Julkinen hallinto ja maanpuolustus; pakollinen sosiaalivakuutus",
        "Public administration and defence; compulsory social security",
    ),
    "P": ("Koulutus", "Education"),
    "Q": ("Terveys- ja sosiaalipalvelut", "Human health and social work activities"),
    "R": ("Taiteet, viihde ja virkistys", "Arts, entertainment and recreation"),
    "S": ("Muu palvelutoiminta", "Other service activities"),
    "T": (
        "Kotitalouksien toiminta työnantajina; kotitalouksien eriyttämätön toiminta tavaroiden "
        "ja palveluiden tuottamiseksi omaan käyttöön",
        "Activities of households as employers; undifferentiated goods- and "
        "services-producing activities of households for own use",
    ),
    "U": (
        "Kansainvälisten organisaatioiden ja toimielinten toiminta",
        "Activities of extraterritorial organisations and bodies",
    ),
}

DIVISIONS: dict[str, tuple[str, str, str]] = {
    # A
    "01": (
        "A",
        "Kasvinviljely ja kotieläintalous, riistatalous ja niihin liittyvät palvelut",
        "Crop and animal production, hunting and related service activities",
    ),
    "02": ("A", "Metsätalous ja puunkorjuu", "Forestry and logging"),
    "03": ("A", "Kalastus ja vesiviljely", "Fishing and aquaculture"),
    # B
    "05": ("B", "Kivihiilen ja ruskohiilen kaivu", "Mining of coal and lignite"),
    "06": (
        "B",
        "Raakaöljyn ja maakaasun tuotanto",
        "Extraction of crude petroleum and natural gas",
    ),
    "07": ("B", "Metallimalmien louhinta", "Mining of metal ores"),
    "08": ("B", "Muu kaivostoiminta ja louhinta", "Other mining and quarrying"),
    "09": ("B", "Kaivostoimintaa palveleva toiminta", "Mining support service activities"),
    # C
    "10": ("C", "Elintarvikkeiden valmistus", "Manufacture of food products"),
    "11": ("C", "Juomien valmistus", "Manufacture of beverages"),
    "12": ("C", "Tupakkatuotteiden valmistus", "Manufacture of tobacco products"),
    "13": ("C", "Tekstiilien valmistus", "Manufacture of textiles"),
    "14": ("C", "Vaatteiden valmistus", "Manufacture of wearing apparel"),
    "15": (
        "C",
        "Nahan ja nahkatuotteiden valmistus",
        "Manufacture of leather and related products",
    ),
    "16": (
        "C",
        "Sahatavaran sekä puu- ja korkkituotteiden valmistus (pl. huonekalut); "
        "olki- ja punontatuotteiden valmistus",
        "Manufacture of wood and of products of wood and cork, except furniture; "
        "manufacture of articles of straw and plaiting materials",
    ),
    "17": (
        "C",
        "Paperin, paperi- ja kartonkituotteiden valmistus",
        "Manufacture of paper and paper products",
    ),
    "18": (
        "C",
        "Painaminen ja tallenteiden jäljentäminen",
        "Printing and reproduction of recorded media",
    ),
    "19": (
        "C",
        "Koksin ja jalostettujen öljytuotteiden valmistus",
        "Manufacture of coke and refined petroleum products",
    ),
    "20": (
        "C",
        "Kemikaalien ja kemiallisten tuotteiden valmistus",
        "Manufacture of chemicals and chemical products",
    ),
    "21": (
        "C",
        "Lääkeaineiden ja lääkkeiden valmistus",
        "Manufacture of basic pharmaceutical products and pharmaceutical preparations",
    ),
    "22": ("C", "Kumi- ja muovituotteiden valmistus", "Manufacture of rubber and plastic products"),
    "23": (
        "C",
        "Muiden ei-metallisten mineraalituotteiden valmistus",
        "Manufacture of other non-metallic mineral products",
    ),
    "24": ("C", "Metallien jalostus", "Manufacture of basic metals"),
    "25": (
        "C",
        "Metallituotteiden valmistus (pl. koneet ja laitteet)",
        "Manufacture of fabricated metal products, except machinery and equipment",
    ),
    "26": (
        "C",
        "Tietokoneiden sekä elektronisten ja optisten tuotteiden valmistus",
        "Manufacture of computer, electronic and optical products",
    ),
    "27": ("C", "Sähkölaitteiden valmistus", "Manufacture of electrical equipment"),
    "28": (
        "C",
        "Muiden koneiden ja laitteiden valmistus",
        "Manufacture of machinery and equipment n.e.c.",
    ),
    "29": (
        "C",
        "Moottoriajoneuvojen, perävaunujen ja puoliperävaunujen valmistus",
        "Manufacture of motor vehicles, trailers and semi-trailers",
    ),
    "30": ("C", "Muiden kulkuneuvojen valmistus", "Manufacture of other transport equipment"),
    "31": ("C", "Huonekalujen valmistus", "Manufacture of furniture"),
    "32": ("C", "Muu valmistus", "Other manufacturing"),
    "33": (
        "C",
        "Koneiden ja laitteiden korjaus, huolto ja asennus",
        "Repair and installation of machinery and equipment",
    ),
    # D
    "35": (
        "D",
        "Sähkö-, kaasu- ja lämpöhuolto, jäähdytysliiketoiminta",
        "Electricity, gas, steam and air conditioning supply",
    ),
    # E
    "36": ("E", "Veden otto, puhdistus ja jakelu", "Water collection, treatment and supply"),
    "37": ("E", "Viemäri- ja jätevesihuolto", "Sewerage"),
    "38": (
        "E",
        "Jätteen keruu, käsittely ja loppusijoitus; materiaalien kierrätys",
        "Waste collection, treatment and disposal activities; materials recovery",
    ),
    "39": (
        "E",
        "Maaperän ja vesistöjen kunnostus ja muut ympäristönhuoltopalvelut",
        "Remediation activities and other waste management services",
    ),
    # F
    "41": ("F", "Talonrakentaminen", "Construction of buildings"),
    "42": ("F", "Maa- ja vesirakentaminen", "Civil engineering"),
    "43": ("F", "Erikoistunut rakennustoiminta", "Specialised construction activities"),
    # G
    "45": (
        "G",
        "Moottoriajoneuvojen ja moottoripyörien tukku- ja vähittäiskauppa sekä korjaus",
        "Wholesale and retail trade and repair of motor vehicles and motorcycles",
    ),
    "46": (
        "G",
        "Tukkukauppa (pl. moottoriajoneuvojen ja moottoripyörien kauppa)",
        "Wholesale trade, except of motor vehicles and motorcycles",
    ),
    "47": (
        "G",
        "Vähittäiskauppa (pl. moottoriajoneuvojen ja moottoripyörien kauppa)",
        "Retail trade, except of motor vehicles and motorcycles",
    ),
    # H
    "49": ("H", "Maaliikenne ja putkijohtokuljetus", "Land transport and transport via pipelines"),
    "50": ("H", "Vesiliikenne", "Water transport"),
    "51": ("H", "Ilmaliikenne", "Air transport"),
    "52": (
        "H",
        "Varastointi ja liikennettä palveleva toiminta",
        "Warehousing and support activities for transportation",
    ),
    "53": ("H", "Posti- ja kuriiritoiminta", "Postal and courier activities"),
    # I
    "55": ("I", "Majoitus", "Accommodation"),
    "56": ("I", "Ravitsemistoiminta", "Food and beverage service activities"),
    # J
    "58": ("J", "Kustannustoiminta", "Publishing activities"),
    "59": (
        "J",
        "Elokuva-, video- ja televisio-ohjelmatuotanto, äänitteiden ja musiikin kustantaminen",
        "Motion picture, video and television programme production, sound recording "
        "and music publishing activities",
    ),
    "60": ("J", "Radio- ja televisiotoiminta", "Programming and broadcasting activities"),
    "61": ("J", "Televiestintä", "Telecommunications"),
    "62": (
        "J",
        "Ohjelmistot, konsultointi ja siihen liittyvä toiminta",
        "Computer programming, consultancy and related activities",
    ),
    "63": ("J", "Tietopalvelutoiminta", "Information service activities"),
    # K
    "64": (
        "K",
        "Rahoituspalvelut (pl. vakuutus- ja eläkevakuutustoiminta)",
        "Financial service activities, except insurance and pension funding",
    ),
    "65": (
        "K",
        "Vakuutus-, jälleenvakuutus- ja eläkevakuutustoiminta (pl. pakollinen sosiaalivakuutus)",
        "Insurance, reinsurance and pension funding, except compulsory social security",
    ),
    "66": (
        "K",
        "Rahoitusta ja vakuuttamista palveleva toiminta",
        "Activities auxiliary to financial services and insurance activities",
    ),
    # L
    "68": ("L", "Kiinteistöalan toiminta", "Real estate activities"),
    # M
    "69": ("M", "Lakiasiain- ja laskentatoimen palvelut", "Legal and accounting activities"),
    "70": (
        "M",
        "Pääkonttorien toiminta; liikkeenjohdon konsultointi",
        "Activities of head offices; management consultancy activities",
    ),
    "71": (
        "M",
        "Arkkitehti- ja insinööripalvelut; tekninen testaus ja analysointi",
        "Architectural and engineering activities; technical testing and analysis",
    ),
    "72": ("M", "Tieteellinen tutkimus ja kehittäminen", "Scientific research and development"),
    "73": ("M", "Mainostoiminta ja markkinatutkimus", "Advertising and market research"),
    "74": (
        "M",
        "Muut erikoistuneet palvelut liike-elämälle",
        "Other professional, scientific and technical activities",
    ),
    "75": ("M", "Eläinlääkintäpalvelut", "Veterinary activities"),
    # N
    "77": ("N", "Vuokraus- ja leasingtoiminta", "Rental and leasing activities"),
    "78": ("N", "Työllistämistoiminta", "Employment activities"),
    "79": (
        "N",
        "Matkatoimistojen ja matkanjärjestäjien toiminta; varauspalvelut",
        "Travel agency, tour operator and other reservation service and related activities",
    ),
    "80": (
        "N",
        "Turvallisuus-, vartiointi- ja etsiväpalvelut",
        "Security and investigation activities",
    ),
    "81": ("N", "Kiinteistön- ja maisemanhoito", "Services to buildings and landscape activities"),
    "82": (
        "N",
        "Hallinto- ja tukipalvelut liike-elämälle",
        "Office administrative, office support and other business support activities",
    ),
    # O
    "84": (
        "O",
        "Julkinen hallinto ja maanpuolustus; pakollinen sosiaalivakuutus",
        "Public administration and defence; compulsory social security",
    ),
    # P
    "85": ("P", "Koulutus", "Education"),
    # Q
    "86": ("Q", "Terveyspalvelut", "Human health activities"),
    "87": ("Q", "Sosiaalihuollon laitospalvelut", "Residential care activities"),
    "88": ("Q", "Sosiaalihuollon avopalvelut", "Social work activities without accommodation"),
    # R
    "90": ("R", "Kulttuuri- ja viihdetoiminta", "Creative, arts and entertainment activities"),
    "91": (
        "R",
        "Kirjastojen, arkistojen, museoiden ja muiden kulttuurilaitosten toiminta",
        "Libraries, archives, museums and other cultural activities",
    ),
    "92": ("R", "Rahapeli- ja vedonlyöntitoiminta", "Gambling and betting activities"),
    "93": (
        "R",
        "Urheilutoiminta sekä huvi- ja virkistyspalvelut",
        "Sports activities and amusement and recreation activities",
    ),
    # S
    "94": ("S", "Järjestöjen toiminta", "Activities of membership organisations"),
    "95": (
        "S",
        "Tietokoneiden, henkilökohtaisten ja kotitaloustavaroiden korjaus",
        "Repair of computers and personal and household goods",
    ),
    "96": ("S", "Muut henkilökohtaiset palvelut", "Other personal service activities"),
    # T
    "97": (
        "T",
        "Kotitalouksien toiminta kotitaloustyöntekijöiden työnantajina",
        "Activities of households as employers of domestic personnel",
    ),
    "98": (
        "T",
        "Kotitalouksien eriyttämätön toiminta tavaroiden ja palveluiden tuottamiseksi "
        "omaan käyttöön",
        "Undifferentiated goods- and services-producing activities of private households "
        "for own use",
    ),
    # U
    "99": (
        "U",
        "Kansainvälisten organisaatioiden ja toimielinten toiminta",
        "Activities of extraterritorial organisations and bodies",
    ),
}


def _language(locale: str | None) -> str:
    return (locale or "").lower().replace("-", "_").split("_")[0]


def _is_fi(locale: str | None) -> bool:
    return _language(locale) == "fi"


def is_valid(code: str) -> bool:
    """True for a known section letter or division code."""
    return code in SECTIONS or code in DIVISIONS


def name(code: str, locale: str) -> str:
    """The bare name of a section or division in Finnish ("fi"), Swedish ("sv") or English
    (anything else)."""
    if _language(locale) == "sv":
        return SECTIONS_SV.get(code) or DIVISIONS_SV.get(code) or code
    if code in SECTIONS:
        fi, en = SECTIONS[code]
    elif code in DIVISIONS:
        _, fi, en = DIVISIONS[code]
    else:
        return code
    return fi if _is_fi(locale) else en


def label(code: str, locale: str) -> str:
    """Code followed by its name, e.g. "30 Manufacture of other transport equipment".

    Unknown codes are returned unchanged.
    """
    if not is_valid(code):
        return code
    return f"{code} {name(code, locale)}"


def divisions_of(section: str) -> list[str]:
    """The division codes of a section, in code order."""
    return [code for code, (sec, _, _) in DIVISIONS.items() if sec == section]


def choices(locale: str) -> list[tuple[str, str]]:
    """(code, label) pairs: each section followed by its divisions, in classification order."""
    out: list[tuple[str, str]] = []
    for section in SECTIONS:
        out.append((section, label(section, locale)))
        out.extend((code, label(code, locale)) for code in divisions_of(section))
    return out
