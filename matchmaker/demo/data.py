"""Deterministic demo data: clusters, member organisations and demo users.

Everything is generated from phrase banks with ``random.Random(seed)``: no clock, no files,
no network, and no Flask or SQLAlchemy imports. Calling ``build_demo()`` twice returns equal
data. Company names, business IDs and people are fictional; the clusters are modelled on the
Lahti region maritime cluster, the Lahti biomass, fibre and side-stream cluster and the
Lapland arctic industry and circular economy cluster.
"""

from __future__ import annotations

import random
import re
import unicodedata

SEED = 2026

ADMIN_PASSWORD = "demo-admin-2026"
COORDINATOR_PASSWORD = "demo-coordinator-2026"
MEMBER_PASSWORD = "demo-member-2026"

MARITIME = "lahti-maritime"
BIOMASS = "lahti-biomass"
LAPLAND = "lapland-arctic"

CLUSTERS: list[dict] = [
    {
        "slug": MARITIME,
        "name": "Lahden seudun meriklusteri",
        "region": "Päijät-Häme",
        "description": (
            "Lahden seudun meriteollisuuden yritysverkosto, joka käynnistyi keväällä 2017 "
            "34 yrityksen voimin ja kasvoi muutamassa vuodessa yli 120 jäsenyritykseen. "
            "Klusteri tuo laitevalmistajat, konepajat, sisustustoimittajat, suunnittelutoimistot "
            "ja palveluyritykset samaan pöytään: yhteistapaamiset, jäsenluettelo, "
            "yhteisosastot meriteollisuuden messuilla sekä markkinakatsaukset Norjan, Saksan, "
            "Ranskan, Italian ja Tanskan meriteollisuudesta. Toimintaa koordinoi alueellinen "
            "kehitysyhtiö."
        ),
    },
    {
        "slug": BIOMASS,
        "name": "Lahden biomassa-, kuitu- ja sivuvirtaklusteri",
        "region": "Päijät-Häme",
        "description": (
            "Osaamis- ja yritysklusteri, jonka liiketoiminta perustuu metsäbiomassoihin, "
            "kuitumateriaaleihin sekä biopohjaisiin jäte- ja sivuvirtoihin. Mukana ovat alueen "
            "veturiyritykset, yliopistojen ja ammattikorkeakoulun pilottiympäristöt ja "
            "yhteinen tutkimusinfrastruktuuri. Klusterin osana toimii biohiiliverkosto, ja "
            "tavoitteena on, että yhden yrityksen sivuvirta löytää tiensä toisen raaka-aineeksi."
        ),
    },
    {
        "slug": LAPLAND,
        "name": "Lapin arktinen teollisuus- ja kiertotalousklusteri",
        "region": "Lappi",
        "description": (
            "Lapin prosessi- ja kaivosteollisuuden, niitä palvelevien pk-yritysten, "
            "korkeakoulujen, tutkimuslaitosten, kuntien ja rahoittajien yhteistyöverkosto "
            "Rovaniemen, Kemin ja Tornion seuduilla. Painopisteinä ovat luonnonvarojen kestävä "
            "hyödyntäminen, teollinen kiertotalous, arktinen testaus ja kansainvälistyminen "
            "EU-yhteistyön kautta."
        ),
    },
]

CLUSTER_TRANSLATIONS: dict[str, dict[str, str]] = {
    MARITIME: {
        "name": "Lahti Region Maritime Cluster",
        "description": (
            "A network of maritime suppliers in the Lahti region, started in spring 2017 by 34 "
            "companies and grown to more than 120 members within a few years. Equipment makers, "
            "machine shops, interior suppliers, design offices and service companies meet at "
            "joint events, appear in a shared member catalogue, exhibit on joint fair stands and "
            "follow market reviews on Norway, Germany, France, Italy and Denmark. The regional "
            "development company coordinates the cluster."
        ),
    },
    BIOMASS: {
        "name": "Lahti Biomass, Fibre and Side-Stream Cluster",
        "description": (
            "A competence and business cluster built on forest biomass, fibre materials and "
            "bio-based waste and side streams. It connects lead companies with the pilot "
            "environments and shared research infrastructure of universities and a university "
            "of applied sciences, and includes a biochar network. The aim: one company's side "
            "stream becomes another company's raw material."
        ),
    },
    LAPLAND: {
        "name": "Lapland Arctic Industry and Circular Economy Cluster",
        "description": (
            "A cooperation network of Lapland's process and mining industry, the SMEs serving "
            "them, universities, research institutes, municipalities and financiers around "
            "Rovaniemi, Kemi and Tornio. Focus areas: sustainable use of natural resources, "
            "industrial circular economy, arctic testing and internationalisation through EU "
            "cooperation."
        ),
    },
}

# Municipality -> (inessive/adessive "in X", genitive "X's").
TOWNS: dict[str, tuple[str, str]] = {
    "Lahti": ("Lahdessa", "Lahden"),
    "Hollola": ("Hollolassa", "Hollolan"),
    "Orimattila": ("Orimattilassa", "Orimattilan"),
    "Heinola": ("Heinolassa", "Heinolan"),
    "Asikkala": ("Asikkalassa", "Asikkalan"),
    "Kärkölä": ("Kärkölässä", "Kärkölän"),
    "Padasjoki": ("Padasjoella", "Padasjoen"),
    "Hartola": ("Hartolassa", "Hartolan"),
    "Sysmä": ("Sysmässä", "Sysmän"),
    "Iitti": ("Iitissä", "Iitin"),
    "Rovaniemi": ("Rovaniemellä", "Rovaniemen"),
    "Kemi": ("Kemissä", "Kemin"),
    "Tornio": ("Torniossa", "Tornion"),
    "Kemijärvi": ("Kemijärvellä", "Kemijärven"),
    "Sodankylä": ("Sodankylässä", "Sodankylän"),
    "Turku": ("Turussa", "Turun"),
    "Rauma": ("Raumalla", "Rauman"),
    "Helsinki": ("Helsingissä", "Helsingin"),
    "Kotka": ("Kotkassa", "Kotkan"),
}

# A place-name word in a company name pins the company to that municipality.
NAME_PLACES: dict[str, str] = {
    "Lahden": "Lahti",
    "Lahti": "Lahti",
    "Nastolan": "Lahti",
    "Villähteen": "Lahti",
    "Vesijärven": "Lahti",
    "Hollolan": "Hollola",
    "Orimattilan": "Orimattila",
    "Heinolan": "Heinola",
    "Asikkalan": "Asikkala",
    "Kärkölän": "Kärkölä",
    "Padasjoen": "Padasjoki",
    "Hartolan": "Hartola",
    "Sysmän": "Sysmä",
    "Iitin": "Iitti",
    "Rovaniemen": "Rovaniemi",
    "Kemin": "Kemi",
    "Tornion": "Tornio",
    "Tornionlaakson": "Tornio",
    "Kemijärven": "Kemijärvi",
    "Sodankylän": "Sodankylä",
    "Perämeren": "Kemi",
    "Aurajoen": "Turku",
    "Kotkan": "Kotka",
    "Rauman": "Rauma",
}

PAIJAT_HAME = [
    ("Lahti", 40),
    ("Hollola", 12),
    ("Orimattila", 8),
    ("Heinola", 8),
    ("Asikkala", 4),
    ("Kärkölä", 4),
    ("Iitti", 3),
    ("Padasjoki", 2),
    ("Hartola", 2),
    ("Sysmä", 2),
]
MARITIME_TOWNS = PAIJAT_HAME + [("Turku", 4), ("Rauma", 3), ("Helsinki", 3), ("Kotka", 3)]
LAPLAND_TOWNS = [
    ("Kemi", 10),
    ("Tornio", 9),
    ("Rovaniemi", 10),
    ("Kemijärvi", 3),
    ("Sodankylä", 4),
]
TOWN_POOLS = {MARITIME: MARITIME_TOWNS, BIOMASS: PAIJAT_HAME, LAPLAND: LAPLAND_TOWNS}

EXPORT_POOLS = {
    MARITIME: ["SE", "NO", "DE", "EE", "DK", "NL", "PL", "FR", "IT", "US", "GB", "ES", "KR", "SG"],
    BIOMASS: ["SE", "DE", "EE", "NL", "PL", "DK", "LV", "LT", "FR", "GB", "AT", "BE"],
    LAPLAND: ["SE", "NO", "DE", "NL", "BE", "CN", "US", "CA", "AU", "CL", "PL", "ES", "IT"],
}
TARGET_MARKETS = ["NO", "DE", "FR", "IT", "DK", "SE", "EE", "NL", "PL", "US", "GB"]
# The countries reviewed at the maritime market review day come up more often.
TARGET_WEIGHTS = {MARITIME: {"NO": 5, "DE": 5, "FR": 3, "IT": 3, "DK": 4}}

SIZE_EMPLOYEES = {"micro": (2, 9), "small": (10, 49), "medium": (50, 249), "large": (250, 1800)}

FIRST_NAMES = [
    "Mikko",
    "Juha",
    "Timo",
    "Jari",
    "Kari",
    "Markku",
    "Antti",
    "Pekka",
    "Jukka",
    "Sami",
    "Janne",
    "Ville",
    "Tuomas",
    "Ari",
    "Petri",
    "Hannu",
    "Matti",
    "Heikki",
    "Olli",
    "Lauri",
    "Jussi",
    "Teemu",
    "Aleksi",
    "Eero",
    "Ilkka",
    "Risto",
    "Vesa",
    "Marko",
    "Joni",
    "Tero",
    "Anna",
    "Maria",
    "Johanna",
    "Tiina",
    "Sanna",
    "Minna",
    "Katja",
    "Laura",
    "Hanna",
    "Päivi",
    "Sari",
    "Riikka",
    "Elina",
    "Heidi",
    "Marjo",
    "Kirsi",
    "Satu",
    "Outi",
    "Jenni",
    "Noora",
    "Emmi",
    "Aino",
    "Helena",
    "Leena",
    "Eveliina",
    "Pirjo",
    "Merja",
    "Tuula",
    "Anu",
    "Jaana",
    "Kaisa-Liisa",
    "Jan-Erik",
    "Sini",
    "Ilona",
    "Henna",
    "Väinö",
    "Mirja",
    "Kalle",
    "Toni",
]
SURNAMES = [
    "Korhonen",
    "Virtanen",
    "Mäkinen",
    "Nieminen",
    "Mäkelä",
    "Hämäläinen",
    "Laine",
    "Heikkinen",
    "Koskinen",
    "Järvinen",
    "Lehtonen",
    "Lehtinen",
    "Saarinen",
    "Salminen",
    "Heinonen",
    "Niemi",
    "Heikkilä",
    "Kinnunen",
    "Salonen",
    "Turunen",
    "Salo",
    "Laitinen",
    "Tuominen",
    "Rantanen",
    "Karjalainen",
    "Jokinen",
    "Mattila",
    "Savolainen",
    "Lahtinen",
    "Ahonen",
    "Hiltunen",
    "Rautio",
    "Peltola",
    "Aaltonen",
    "Hyvönen",
    "Vainio",
    "Manninen",
    "Leinonen",
    "Kettunen",
    "Berg",
    "Lindholm",
    "Söderström",
    "Ylönen",
    "Hakala",
    "Tanskanen",
    "Pöllänen",
    "Väisänen",
    "Öhman",
    "Ketola",
    "Kärkkäinen",
    "Rönkä",
    "Kaikkonen",
    "Ylitalo",
    "Paavola",
    "Keskitalo",
    "Mäenpää",
    "Vähäkangas",
    "Kyrö",
    "Hirvonen",
    "Nurmi",
    "Lappalainen",
    "Sirviö",
    "Autio",
    "Kemppainen",
    "Vuorela",
    "Hannula",
    "Alakärppä",
    "Sipola",
    "Kangas",
]

TITLES = {
    "company": {
        "fi": [
            "toimitusjohtaja",
            "myyntipäällikkö",
            "tuotantopäällikkö",
            "kehityspäällikkö",
            "laatupäällikkö",
            "projektipäällikkö",
            "huoltopäällikkö",
            "myyntijohtaja",
            "tekninen johtaja",
            "hankintapäällikkö",
            "vientipäällikkö",
            "asiakkuuspäällikkö",
        ],
        "en": [
            "CEO",
            "Sales Manager",
            "Production Manager",
            "R&D Manager",
            "Quality Manager",
            "Project Manager",
            "Service Manager",
            "Sales Director",
            "CTO",
            "Purchasing Manager",
            "Export Manager",
            "Key Account Manager",
        ],
    },
    "university": {
        "fi": [
            "TKI-päällikkö",
            "yliopettaja",
            "professori",
            "yrityssuhdepäällikkö",
            "tutkimuspäällikkö",
            "projektipäällikkö",
        ],
        "en": [
            "Head of RDI",
            "Principal Lecturer",
            "Professor",
            "Corporate Relations Manager",
            "Research Manager",
            "Project Manager",
        ],
    },
    "research_institute": {
        "fi": ["tutkimusjohtaja", "erikoistutkija", "tiimipäällikkö", "asiakkuuspäällikkö"],
        "en": ["Research Director", "Senior Scientist", "Team Leader", "Key Account Manager"],
    },
    "development_company": {
        "fi": [
            "klusterikoordinaattori",
            "elinkeinoasiantuntija",
            "toimitusjohtaja",
            "kansainvälistymisasiantuntija",
            "projektipäällikkö",
        ],
        "en": [
            "Cluster Coordinator",
            "Business Development Expert",
            "CEO",
            "Internationalisation Advisor",
            "Project Manager",
        ],
    },
    "financier": {
        "fi": [
            "sijoitusjohtaja",
            "yritysrahoituksen asiantuntija",
            "rahoituspäällikkö",
            "yritysasiakasjohtaja",
        ],
        "en": [
            "Investment Director",
            "Corporate Finance Advisor",
            "Financing Manager",
            "Head of Corporate Banking",
        ],
    },
    "public_body": {
        "fi": ["elinkeinojohtaja", "kehittämispäällikkö", "yritysneuvoja", "erityisasiantuntija"],
        "en": [
            "Director of Business Services",
            "Development Manager",
            "Business Advisor",
            "Senior Advisor",
        ],
    },
}

# Optional last sentence of a company description, by cluster and language.
CLOSERS = {
    MARITIME: {
        "fi": [
            "Meriklusterin kautta haemme kumppaneita yhteistarjouksiin ja vientiin.",
            "Klusterin yhteisosastot messuilla ovat tuoneet meille useita uusia asiakkuuksia.",
            "Haluamme löytää lähialueelta kumppaneita, joiden kanssa voimme tarjota telakoille "
            "laajempia kokonaisuuksia.",
            "Tavoitteena on kasvattaa meriteollisuuden osuutta liikevaihdosta lähivuosina.",
            "Seuraamme erityisesti Norjan ja Saksan meriteollisuuden markkinoita.",
            "Uudet asiakkaat ovat löytäneet meidät usein juuri klusterin verkoston kautta.",
            "Navigate-messujen yhteisosasto oli meille ensimmäinen askel telakoiden suuntaan.",
            "Klusterin markkinakatsauspäivä vahvisti kiinnostustamme Tanskan ja Italian "
            "markkinoihin.",
            "Olemme mukana meriklusterissa sen alkuvuosista lähtien.",
            "Verkoston kautta olemme löytäneet luotettavia alihankkijoita lähes joka toimitukseen.",
            "Etsimme kasvua erityisesti risteilyalusten ja erikoisalusten projekteista.",
            "Yhteistyö korkeakoulujen kanssa on tuonut meille sekä osaajia että tuotekehitystä.",
            "Uskomme, että pienetkin yritykset pärjäävät kansainvälisesti yhdessä tarjoamalla.",
        ],
        "en": [
            "Through the cluster we look for partners for joint bids and export projects.",
            "Joint cluster stands at trade fairs have brought us several new customers.",
            "We want nearby partners so that together we can offer shipyards larger packages.",
            "Our goal is to grow the share of marine business in our turnover.",
            "We follow the Norwegian and German maritime markets closely.",
            "The market review day on France and Italy opened new doors for us.",
            "We have been part of the maritime cluster since its early years.",
            "Cruise ship and special vessel projects are where we see most growth.",
            "We welcome contacts from yards and system suppliers looking for a flexible partner.",
            "Cooperation with universities brings us both recruits and product development.",
        ],
    },
    BIOMASS: {
        "fi": [
            "Haemme klusterista kumppaneita, jotka voisivat hyödyntää sivuvirtojamme.",
            "Kiertotalous on meille sekä liiketoimintaa että vastuullisuutta.",
            "Kehitämme Lahden seudun materiaalikiertoja yhdessä korkeakoulujen kanssa.",
            "Olemme kiinnostuneita yhteisistä pilotointihankkeista.",
            "Biohiiliverkosto on tuonut meille uusia kumppaneita ja tutkimusyhteistyötä.",
            "Haluamme, että alueen sivuvirrat jalostetaan mahdollisimman lähellä syntypaikkaa.",
        ],
        "en": [
            "We are looking for cluster partners who could use our side streams.",
            "For us, circular economy is both a business and a responsibility.",
            "We develop the region's material loops together with the universities.",
        ],
    },
    LAPLAND: {
        "fi": [
            "Arktiset olosuhteet ovat meille arkea ja samalla kilpailuetu.",
            "Klusterin kautta etsimme kumppaneita kiertotalouden kehityshankkeisiin.",
            "Tavoitteena on kasvattaa vientiä Pohjois-Ruotsiin ja Norjaan.",
            "Olemme mukana klusterin EU-yhteistyössä ja kansainvälisissä verkostoissa.",
            "Teollisen kiertotalouskeskuksen kautta olemme löytäneet uusia asiakkaita.",
            "Pohjoisen teollisuuden investoinnit näkyvät kysynnässämme vahvasti.",
        ],
        "en": [
            "Arctic conditions are everyday life for us and a competitive edge.",
            "Through the cluster we look for partners in circular economy projects.",
            "We aim to grow exports to northern Sweden and Norway.",
        ],
    },
}

# Sector phrase banks. In each language bank the first "caps" and "needs" line is the
# sector's core line and is always used, so that partner chains (propeller maker needs shaft
# machining, machine shop offers it) exist in the data. Templates use {name}, {short},
# {town}, {town_in}, {year} and {emp}.
SECTORS: list[dict] = [
    {
        "key": "propulsion",
        "cluster": MARITIME,
        "count": 7,
        "also": {},
        "sizes": [("small", 4), ("medium", 3), ("micro", 1)],
        "founded": (1958, 2016),
        "industries": ["30", "28", "33"],
        "certs": [
            "ISO 9001",
            "ISO 14001",
            "DNV type approval",
            "Bureau Veritas type approval",
            "ISO 45001",
        ],
        "names": {
            "fi": [
                "Koskelan Potkuritekniikka Oy",
                "Vesijärven Propulsio Oy",
                "Potkurihuolto Rantala Oy",
                "Potkuripaja Laine Oy",
                "Heinolan Potkurihuolto Oy",
                "Aallonharja Propulsio Oy",
                "Propulsiotekniikka Vuorinen Oy",
            ],
            "en": [
                "Nordwake Propulsion Oy",
                "Lakeside Thruster Systems Oy",
                "Kestrel Marine Drives Oy",
            ],
        },
        "fi": {
            "intro": [
                "{name} suunnittelee ja valmistaa potkurilaitteita työveneisiin, lauttoihin ja "
                "sisävesiliikenteen aluksiin.",
                "{short} on vuonna {year} perustettu potkureihin ja potkurilaitteisiin "
                "erikoistunut yritys, joka toimii {town_in}.",
                "Toimitamme kiinteä- ja säätölapaisia potkureita sekä ohjailupotkureita alle "
                "kolmen megawatin aluksiin.",
                "Potkurien huolto ja korjaus on ollut yrityksemme ydinosaamista jo vuodesta "
                "{year}.",
            ],
            "body": [
                "Potkurien tasapainotus ja lapojen korjaushitsaus tehdään omassa korjaamossamme "
                "{town_in}.",
                "Valtaosa tuotannosta menee vientiin, erityisesti norjalaisille ja tanskalaisille "
                "työvenetelakoille.",
                "Huoltotiimimme lähtee tarvittaessa telakalle tai suoraan alukselle, myös "
                "ulkomaille.",
                "Viime vuosina olemme kehittäneet hiljaisempia potkurimalleja sähköiseen ja "
                "hybridipropulsioon.",
                "Toimitetut potkurilaitteet hyväksytetään asiakkaan edellyttämään "
                "luokituslaitoksen luokkaan.",
                "Yhteistyö varustamojen kanssa jatkuu usein vuosikymmeniä, sillä potkurien "
                "huolto ja varaosat kulkevat aluksen mukana koko sen elinkaaren.",
            ],
            "caps": [
                "Potkurien huolto, tasapainotus ja korjaushitsaus",
                "Kiinteälapaiset ja säätölapaiset potkurit",
                "Ohjailupotkurit ja keulapotkurit",
                "Potkurilaitteiden asennus ja käyttöönotto telakalla",
                "Propulsiojärjestelmien mitoitus ja hydrodynaaminen suunnittelu",
                "Potkurien 3D-mittaus ja ISO 484 -tarkastus",
                "Varaosat ja huoltosopimukset varustamoille",
            ],
            "needs": [
                "Potkuriakselien koneistus",
                "Pronssivalut potkurinlapoihin ja napoihin",
                "Hydrauliikkakomponentit säätöpotkureihin",
                "Hiekkapuhallus ja maalaus potkurilaitteiden runkoihin",
                "Akkujärjestelmät ja sähkökäytöt hybridikonsepteihin",
                "Myyntikumppani Norjan markkinoille",
            ],
            "kw": [
                "potkurit",
                "potkurilaitteet",
                "propulsio",
                "ohjailupotkuri",
                "säätöpotkuri",
                "potkurien huolto",
                "työveneet",
                "lautat",
                "hybridipropulsio",
            ],
            "off": ["Pronssilastu ja käytetyt potkurinlavat kierrätykseen"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} designs and builds propulsion systems for workboats, ferries and inland "
                "vessels.",
                "Founded in {year} in {town}, {short} specialises in propellers and thrusters "
                "for vessels up to 3 MW.",
                "We supply fixed-pitch and controllable-pitch propellers together with tunnel "
                "and azimuth thrusters.",
            ],
            "body": [
                "Propeller repair, balancing and blade welding are done in our own workshop in "
                "{town}.",
                "Most of our output is exported, mainly to Norwegian and Danish workboat yards.",
                "Our service engineers travel to yards and vessels across the Nordics at short "
                "notice.",
                "Recent development work has focused on low-noise propellers for electric and "
                "hybrid propulsion.",
                "Every unit is approved to the class society the customer requires.",
            ],
            "caps": [
                "Propeller repair, balancing and blade welding",
                "Fixed-pitch and controllable-pitch propellers",
                "Tunnel thrusters and azimuth thrusters",
                "Installation and commissioning of propulsion systems at the yard",
                "Propulsion sizing and hydrodynamic design",
                "Spare parts and service agreements for ship owners",
            ],
            "needs": [
                "Machining of propeller shafts",
                "Bronze castings for propeller blades and hubs",
                "Hydraulic components for CP propellers",
                "Sales partner for the Norwegian market",
            ],
            "kw": [
                "propulsion systems",
                "propellers",
                "thrusters",
                "CP propeller",
                "propeller service",
                "workboats",
                "ferries",
            ],
            "off": ["Bronze chips and worn propeller blades for recycling"],
            "want": [],
        },
    },
    {
        "key": "machining",
        "cluster": MARITIME,
        "count": 12,
        "also": {BIOMASS: 0.15, LAPLAND: 0.1},
        "sizes": [("small", 6), ("micro", 2), ("medium", 2)],
        "founded": (1952, 2018),
        "industries": ["25", "28", "33"],
        "certs": ["ISO 9001", "ISO 14001", "ISO 3834-2", "ISO 45001"],
        "names": {
            "fi": [
                "Koneistamo Hietanen Oy",
                "Hollolan Tarkkuuskoneistus Oy",
                "Orimattilan Akselitekniikka Oy",
                "Konepaja Virtanen & Pojat Oy",
                "Heinolan Sorvaamo Oy",
                "Tarkkuuspaja Lindqvist Oy",
                "Salpauksen Koneistus Oy",
                "Jokimaan Konepaja Oy",
                "Metallipaja Kivelä Oy",
                "Asikkalan Koneistuspalvelu Oy",
                "Kinnusen Sorvaamo Oy",
                "Iitin Koneistus ja Huolto Oy",
                "Lahden Akselikeskus Oy",
                "Pajalan Tarkkuustyö Oy",
            ],
            "en": [
                "Precimet Machining Oy",
                "Linearc Engineering Oy",
                "Northshaft Oy",
                "Axelo Precision Oy",
            ],
        },
        "fi": {
            "intro": [
                "{name} on {town_in} toimiva sopimusvalmistaja, jonka erikoisalaa ovat suuret "
                "ja raskaat koneistettavat kappaleet.",
                "Koneistamme akseleita, laippoja ja runkokappaleita meri-, energia- ja "
                "prosessiteollisuudelle.",
                "{short} on vuonna {year} perustettu perheyritys, joka palvelee konepajoja ja "
                "laitevalmistajia eri puolilla Etelä-Suomea.",
                "Pitkät akselit ovat erikoisuutemme: sorvauspituus yltää 12 metriin ja "
                "halkaisija 1 200 millimetriin.",
            ],
            "body": [
                "Konekantaamme kuuluvat raskas vaakasorvi, porakarainkone ja viisiakselinen "
                "koneistuskeskus.",
                "Sarjatuotannon ohella teemme paljon yksittäiskappaleita ja korjauskoneistusta.",
                "Jokaiseen toimitukseen saa mittapöytäkirjan omasta mittaushuoneestamme.",
                "Osa kappaleistamme päätyy laivoihin Turun ja Rauman telakoilla.",
                "Viime vuosina olemme investoineet automaatioon ja kaksivuorotyöhön, joten "
                "toimitusajat ovat lyhentyneet.",
                "Henkilöstössämme on noin {emp} ammattilaista, joista moni on aloittanut "
                "uransa meillä harjoittelijana.",
            ],
            "caps": [
                "Akseleiden ja potkuriakseleiden koneistus",
                "Raskas sorvaus, pituus jopa 12 m",
                "Porakarainkoneistus ja laippojen koneistus",
                "Viisiakselinen CNC-koneistus",
                "Korjauskoneistus ja korjaushitsaus",
                "Koordinaattimittaus ja mittapöytäkirjat",
                "Hammaspyörien ja vaihteistokomponenttien valmistus",
                "Sylinteriputkien ja männänvarsien koneistus",
                "Kokoonpano ja koeajo",
            ],
            "needs": [
                "Lämpökäsittely ja karkaisu",
                "Takeaihiot ja valuaihiot",
                "Pintakäsittely ja kromaus koneistetuille osille",
                "Uusia asiakkaita meriteollisuudesta",
                "Osaavia koneistajia ja CNC-ohjelmoijia",
                "Raskaskuljetukset suurille akseleille",
            ],
            "kw": [
                "koneistus",
                "sorvaus",
                "akselit",
                "potkuriakselit",
                "CNC",
                "alihankinta",
                "sopimusvalmistus",
                "porakarainkone",
                "korjauskoneistus",
            ],
            "off": ["Teräs- ja alumiinilastu", "Teräsromu ja koneistuksen pätkät"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} is a contract manufacturer in {town} specialising in large, heavy "
                "machined parts.",
                "We machine shafts, flanges and housings for the marine, energy and process "
                "industries.",
                "{short} is a family-owned machine shop founded in {year}, serving equipment "
                "makers across southern Finland.",
            ],
            "body": [
                "Our machine park includes a heavy horizontal lathe, a boring mill and a "
                "five-axis machining centre.",
                "Alongside series production we do a lot of one-off parts and repair machining.",
                "Every delivery comes with a measurement report from our own CMM room.",
                "Several of our parts end up on ships built at the Turku and Rauma yards.",
            ],
            "caps": [
                "Machining of shafts and propeller shafts",
                "Heavy turning up to 12 m length",
                "Horizontal boring and flange machining",
                "Five-axis CNC machining",
                "Repair machining and welding",
                "CMM measurement and inspection reports",
            ],
            "needs": [
                "Heat treatment and hardening",
                "Forged and cast blanks",
                "Surface treatment of machined parts",
                "New customers in the marine industry",
            ],
            "kw": [
                "machining",
                "turning",
                "shafts",
                "propeller shafts",
                "CNC",
                "subcontracting",
                "contract manufacturing",
            ],
            "off": ["Steel and aluminium chips"],
            "want": [],
        },
    },
    {
        "key": "steel",
        "cluster": MARITIME,
        "count": 14,
        "also": {LAPLAND: 0.07},
        "sizes": [("small", 6), ("medium", 4), ("micro", 2), ("large", 1)],
        "founded": (1949, 2017),
        "industries": ["25", "30", "33"],
        "certs": ["ISO 3834-2", "EN 1090 EXC3", "EN 1090 EXC2", "ISO 9001", "ISO 14001"],
        "names": {
            "fi": [
                "Teräsrakenne Mäkelä Oy",
                "Orimattilan Levy ja Teräs Oy",
                "Hollolan Hitsauspalvelu Oy",
                "Konepaja Aaltonen Oy",
                "Kärkölän Teräsrunko Oy",
                "Lahden Lohkorakenne Oy",
                "Hitsaamo Nieminen Oy",
                "Villähteen Teräspaja Oy",
                "Nastolan Teräsasennus Oy",
                "Heinolan Hitsausteräs Oy",
                "Terästyö Pulkkinen Oy",
                "Metallirakenne Salonen Oy",
                "Ohutlevy Koivisto Oy",
                "Padasjoen Levypaja Oy",
                "Sysmän Metallirakenne Oy",
                "Rosteripaja Heikkilä Oy",
            ],
            "en": [
                "Hullform Steel Oy",
                "Baltic Block Fabrication Oy",
                "Nordweld Structures Oy",
                "Ironkeel Oy",
                "Steelbay Engineering Oy",
            ],
        },
        "fi": {
            "intro": [
                "{name} valmistaa hitsattuja teräsrakenteita, laivalohkojen osakokoonpanoja ja "
                "varustelurakenteita telakoille.",
                "Olemme {town_in} toimiva konepaja, jonka erikoisosaamista ovat vaativat "
                "hitsatut rakenteet teräksestä, ruostumattomasta teräksestä ja alumiinista.",
                "{short} perustettiin vuonna {year}, ja nykyään yrityksessä työskentelee noin "
                "{emp} hitsauksen ja levytyön ammattilaista.",
                "Teemme laivoihin koneperustuksia, kansirakenteita, portaita ja hoitotasoja.",
            ],
            "body": [
                "Hitsauksen laadunhallinta noudattaa ISO 3834-2 -standardia, ja EN 1090 "
                "-sertifikaattimme kattaa toteutusluokan EXC3.",
                "Hallin nosturikapasiteetti on 2 × 20 tonnia, joten käsittelemme myös suuria "
                "lohko-osia.",
                "Toimitamme rakenteet tarvittaessa pohjamaalattuina ja asennamme ne telakalla "
                "omilla asentajillamme.",
                "Tuotannossa on levyntyöstökeskus, särmäyspuristimet ja robottihitsausasema.",
                "Asiakkaitamme ovat telakat, laivavarustajat ja nosturivalmistajat.",
                "Ohutlevyosaamisemme ansiosta valmistamme myös koteloita ja kaappeja sähkö- ja "
                "automaatiojärjestelmiin.",
                "Kiireisinä kausina teemme tiivistä yhteistyötä muiden alueen konepajojen "
                "kanssa, jotta suuretkin toimitukset pysyvät aikataulussa.",
            ],
            "caps": [
                "Hitsatut teräsrakenteet EXC3-luokkaan asti",
                "Laivalohkojen osakokoonpanot ja varustelurakenteet",
                "Ruostumattomat ja alumiiniset rakenteet",
                "Portaat, hoitotasot ja kaiteet laivoihin",
                "Koneperustukset ja säätiöt",
                "Levyjen laser- ja plasmaleikkaus sekä särmäys",
                "Ohutlevykotelot ja kaappien rungot",
                "Hitsatut runkorakenteet kansikoneisiin ja nostureihin",
                "Asennustyöt telakalla",
            ],
            "needs": [
                "Hiekkapuhallus ja maalaus",
                "Raskaskuljetukset telakalle",
                "Hitsaajia vuokratyönä ruuhkahuippuihin",
                "Rakennesuunnittelu ja lujuuslaskenta",
                "NDT-tarkastukset hitsausliitoksille",
                "Yhteistarjouksia suurempiin telakkatoimituksiin",
            ],
            "kw": [
                "teräsrakenteet",
                "hitsaus",
                "laivalohkot",
                "varustelu",
                "ohutlevy",
                "ruostumaton teräs",
                "alumiini",
                "EXC3",
                "konepaja",
            ],
            "off": [
                "Teräsromu ja levyjen leikkuujäte",
                "Ruostumattoman teräksen romu",
                "Alumiiniromu",
            ],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} fabricates welded steel structures, hull block sub-assemblies and "
                "outfitting structures for shipyards.",
                "We are a fabrication shop in {town} focused on demanding welded structures in "
                "carbon steel, stainless steel and aluminium.",
                "Founded in {year}, {short} today employs around {emp} people.",
            ],
            "body": [
                "Welding quality management follows ISO 3834-2 and our EN 1090 certificate "
                "covers execution class EXC3.",
                "With 2 × 20 t overhead cranes we can handle large block sections.",
                "Structures can be delivered primed and installed on site by our own fitters.",
                "Our customers include shipyards, outfitting contractors and crane makers.",
            ],
            "caps": [
                "Welded steel structures up to EXC3",
                "Hull block sub-assemblies and outfitting structures",
                "Stainless steel and aluminium structures",
                "Stairs, platforms and railings for ships",
                "Machinery foundations and seatings",
                "Laser and plasma cutting, press brake bending",
            ],
            "needs": [
                "Blasting and painting",
                "Heavy transport to shipyards",
                "Welders for peak periods",
                "NDT inspection of welds",
            ],
            "kw": [
                "steel structures",
                "welding",
                "hull blocks",
                "outfitting",
                "sheet metal",
                "stainless steel",
                "aluminium",
            ],
            "off": ["Scrap steel and plate offcuts", "Stainless steel scrap"],
            "want": [],
        },
    },
    {
        "key": "hvac",
        "cluster": MARITIME,
        "count": 6,
        "also": {},
        "sizes": [("small", 3), ("medium", 2), ("micro", 1)],
        "founded": (1968, 2015),
        "industries": ["28", "43", "33"],
        "certs": ["ISO 9001", "ISO 14001", "DNV type approval", "Lloyd's Register type approval"],
        "names": {
            "fi": [
                "Laivailmastointi Lehtonen Oy",
                "Ilmanvaihtotekniikka Hakala Oy",
                "Meri-Ilma Oy",
                "Hollolan Ilmastointipalvelu Oy",
                "Kanavapaja Toivonen Oy",
                "Vesijärven Ilmastointi Oy",
            ],
            "en": ["Polar Air Marine Oy", "Seabreeze HVAC Systems Oy", "Ventimar Oy"],
        },
        "fi": {
            "intro": [
                "{name} suunnittelee ja toimittaa ilmastointi- ja ilmanvaihtojärjestelmiä "
                "matkustaja-aluksiin ja offshore-kohteisiin.",
                "Olemme laivojen LVI-järjestelmiin erikoistunut yritys {town_in}.",
                "{short} valmistaa ilmanvaihtokanavia, palopeltejä ja ilmankäsittelykoneita "
                "meriolosuhteisiin.",
            ],
            "body": [
                "Toimituksemme kattavat suunnittelun, valmistuksen, asennuksen ja säätötyöt.",
                "Hyttien ilmastoinnissa painotamme hiljaista toimintaa ja energiatehokkuutta.",
                "Olemme mukana sekä uudisrakennuksissa että modernisoinneissa, joissa vanhat "
                "järjestelmät uusitaan telakkajakson aikana.",
                "Kanavat valmistetaan omalla tuotantolinjalla sinkitystä ja ruostumattomasta "
                "teräksestä.",
                "Sähköistyvät alukset ovat tuoneet uuden tuotealueen: akkutilojen ja "
                "sähkötilojen jäähdytyksen.",
            ],
            "caps": [
                "Akkutilojen ja sähkötilojen jäähdytysratkaisut",
                "Laivojen ilmastointi- ja ilmanvaihtojärjestelmät",
                "Ilmanvaihtokanavat ja palopellit",
                "Hyttien ilmastointiyksiköt",
                "LVI-suunnittelu ja virtauslaskenta",
                "Säätö- ja mittauspalvelut sekä järjestelmien tasapainotus",
            ],
            "needs": [
                "Eristemateriaalit: mineraalivilla ja A60-paloeristys",
                "Ohutlevyosat ja kotelot alihankintana",
                "Automaatio ja ohjelmointi ilmanvaihdon ohjaukseen",
                "Asennusresursseja telakkajaksoille",
            ],
            "kw": [
                "ilmastointi",
                "ilmanvaihto",
                "LVI",
                "HVAC",
                "palopellit",
                "hyttien ilmastointi",
                "jäähdytys",
                "matkustaja-alukset",
            ],
            "off": ["Sinkityn ohutlevyn leikkuujäte"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} designs and supplies air-conditioning and ventilation systems for "
                "passenger vessels and offshore units.",
                "We are a marine HVAC specialist based in {town}.",
                "{short} manufactures ventilation ducts, fire dampers and air-handling units for "
                "marine conditions.",
            ],
            "body": [
                "Deliveries cover design, manufacturing, installation and commissioning.",
                "In cabin air conditioning we focus on low noise and energy efficiency.",
                "We work on newbuildings as well as retrofits carried out during dry-docking.",
            ],
            "caps": [
                "Cooling solutions for battery rooms and switchboard rooms",
                "Marine HVAC and ventilation systems",
                "Ventilation ducts and fire dampers",
                "Cabin air-conditioning units",
                "HVAC design and airflow calculation",
                "Commissioning, balancing and measurement",
            ],
            "needs": [
                "Insulation materials: mineral wool and A60 fire insulation",
                "Sheet metal parts and enclosures as subcontracting",
                "Automation and programming for ventilation control",
            ],
            "kw": [
                "HVAC",
                "ventilation",
                "air conditioning",
                "fire dampers",
                "marine HVAC",
                "cooling",
            ],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "insulation",
        "cluster": MARITIME,
        "count": 6,
        "also": {},
        "sizes": [("small", 3), ("micro", 2), ("medium", 1)],
        "founded": (1972, 2019),
        "industries": ["43", "23", "22"],
        "certs": ["ISO 9001", "ISO 14001", "IMO FTP Code approval", "DNV type approval"],
        "names": {
            "fi": [
                "Eristystekniikka Kauppinen Oy",
                "Eristyspalvelu Rinne Oy",
                "Hämeen Eristys ja Palosuojaus Oy",
                "Lämpöeriste Saarinen Oy",
                "Orimattilan Eristetuote Oy",
                "Palosuojaus Kallioinen Oy",
            ],
            "en": ["Firewall Marine Insulation Oy", "Thermoguard Nordic Oy"],
        },
        "fi": {
            "intro": [
                "{name} toimittaa ja asentaa palo-, lämpö- ja äänieristyksiä laivoihin sekä "
                "teollisuuskohteisiin.",
                "Olemme {town_in} toimiva eristysurakoitsija, jolla on pitkä kokemus "
                "telakkatoimituksista.",
                "{short} valmistaa esileikattuja eristepaketteja ja palosuojalevyjä "
                "meriteollisuuden tarpeisiin.",
            ],
            "body": [
                "Käyttämämme A60- ja A30-paloeristysratkaisut ovat tyyppihyväksyttyjä.",
                "Eristeet esivalmistetaan tehtaallamme mittatilauksena, mikä lyhentää "
                "asennusaikaa telakalla huomattavasti.",
                "Äänieristyksessä teemme yhteistyötä akustiikkasuunnittelijoiden kanssa, jotta "
                "hyttien melutasot saadaan alas.",
                "Leikkuujätteen määrää on vähennetty sisäkkäisleikkauksella, mutta jäljelle "
                "jäävälle villalle etsimme yhä hyödyntäjää.",
            ],
            "caps": [
                "A60-paloeristeet ja mineraalivillaeristykset",
                "Äänieristys ja värähtelyn vaimennus",
                "Putkien ja kanavien lämpöeristys",
                "Esileikatut eristepaketit mittatilauksena",
                "Eristysasennus telakalla",
                "Palokatkot ja läpiviennit",
            ],
            "needs": [
                "Ohutlevyiset suojapellit ja verhoukset",
                "Logistiikkakumppani telakkatoimituksiin",
                "Kierrätysratkaisu mineraalivillan leikkuujätteelle",
            ],
            "kw": [
                "eristys",
                "paloeristys",
                "A60",
                "äänieristys",
                "mineraalivilla",
                "palokatkot",
                "lämpöeristys",
            ],
            "off": ["Mineraalivillan leikkuujäte", "Eristeiden pakkausmuovi"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} supplies and installs fire, thermal and acoustic insulation for ships "
                "and industrial sites.",
                "{short} prefabricates cut-to-size insulation kits and fire protection boards "
                "for the marine industry.",
            ],
            "body": [
                "Our A60 and A30 fire insulation solutions are type-approved.",
                "Kits are cut to measure in our factory, which shortens installation time at "
                "the yard considerably.",
                "We work with acoustic consultants to bring cabin noise levels down.",
            ],
            "caps": [
                "A60 fire insulation and mineral wool insulation",
                "Acoustic insulation and vibration damping",
                "Thermal insulation of pipes and ducts",
                "Cut-to-size insulation kits",
                "Penetration seals and fire stops",
            ],
            "needs": [
                "Sheet metal cladding and protective covers",
                "Recycling solution for mineral wool offcuts",
            ],
            "kw": ["insulation", "fire insulation", "A60", "acoustic insulation", "mineral wool"],
            "off": ["Mineral wool offcuts"],
            "want": [],
        },
    },
    {
        "key": "interiors",
        "cluster": MARITIME,
        "count": 9,
        "also": {BIOMASS: 0.15},
        "sizes": [("small", 4), ("medium", 3), ("micro", 2)],
        "founded": (1946, 2016),
        "industries": ["31", "16", "43"],
        "certs": [
            "ISO 9001",
            "ISO 14001",
            "IMO FTP Code approval",
            "PEFC chain of custody",
            "FSC chain of custody",
        ],
        "names": {
            "fi": [
                "Sisustuspuusepät Laaksonen Oy",
                "Hartolan Huonekalutehdas Oy",
                "Kalustepaja Korhonen Oy",
                "Lahden Laivakaluste Oy",
                "Puuseppä Björklund Oy",
                "Asikkalan Sisustustyö Oy",
                "Interiööri Vainio Oy",
                "Sysmän Puusepänverstas Oy",
                "Heinolan Kalustepuu Oy",
                "Kärkölän Sisävarustelu Oy",
            ],
            "en": [
                "Nordic Cabin Interiors Oy",
                "Deckhouse Design Works Oy",
                "Lakewood Marine Interiors Oy",
            ],
        },
        "fi": {
            "intro": [
                "{name} valmistaa kiintokalusteita, hyttikalusteita ja julkisten tilojen "
                "sisustuksia risteilyaluksiin.",
                "Olemme {town_in} toimiva puusepänteollisuuden yritys, joka on erikoistunut "
                "laivojen sisustusratkaisuihin.",
                "{short} toteuttaa risteilyalusten ravintoloiden, baarien ja hyttien "
                "sisustukset suunnittelusta asennukseen.",
                "Vuonna {year} perustettu {short} aloitti huonekaluvalmistajana ja laajeni "
                "meriteollisuuteen 2000-luvun alussa.",
            ],
            "body": [
                "Käyttämämme materiaalit täyttävät IMO FTP -koodin paloturvallisuusvaatimukset.",
                "Pystymme toimittamaan sarjatuotantona satoja hyttikalustesarjoja yhteen laivaan.",
                "Omat asennusryhmämme työskentelevät telakoilla Turussa ja Saksassa.",
                "Muotoilu tehdään yhdessä arkkitehtitoimistojen kanssa, ja prototyyppihytti "
                "rakennetaan tarvittaessa omaan halliimme.",
                "Suosimme kotimaista koivua ja kierrätettäviä pintamateriaaleja.",
                "Tuotantomme sahanpuru ja levyhukka päätyvät nykyisin paikalliselle "
                "lämpöyrittäjälle, mutta etsimme niille myös jalostusarvoisempaa käyttöä.",
            ],
            "caps": [
                "Hyttikalusteet ja kiintokalusteet risteilyaluksiin",
                "Ravintoloiden ja baarien sisustukset",
                "Sisustusasennus telakalla",
                "IMO FTP -hyväksytyt materiaalit ja pintaratkaisut",
                "Prototyyppihytit ja mallikalusteet",
                "CNC-puuntyöstö ja viilutus",
                "Sisustuksen detaljisuunnittelu",
            ],
            "needs": [
                "Valaisimet ja tunnelmavalaistus julkisiin tiloihin",
                "Paloturvalliset tekstiilit ja verhoilu",
                "Ruostumattomat ohutlevyosat kalusteisiin",
                "Asennushenkilöstöä risteilyalusprojekteihin",
                "Kumppani Saksan telakkamarkkinoille",
            ],
            "kw": [
                "sisustus",
                "hyttikalusteet",
                "risteilyalukset",
                "kiintokalusteet",
                "puusepänteollisuus",
                "julkiset tilat",
                "IMO FTP",
                "koivu",
            ],
            "off": [
                "Koivuvaneri- ja lastulevyhukka",
                "Sahanpuru ja kutterinlastu",
                "Tekstiilien leikkuujäte",
            ],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} manufactures built-in and cabin furniture as well as public-area "
                "interiors for cruise ships.",
                "We are a joinery company in {town} specialising in marine interior solutions.",
                "{short} delivers turnkey interiors for restaurants, bars and cabins on cruise "
                "vessels.",
            ],
            "body": [
                "All materials meet the fire safety requirements of the IMO FTP Code.",
                "Our installation teams work at shipyards in Turku and in Germany.",
                "Design is done together with architects, and a prototype cabin can be built in "
                "our own hall.",
                "We favour Finnish birch and recyclable surface materials.",
            ],
            "caps": [
                "Cabin furniture and built-in furniture for cruise ships",
                "Restaurant and bar interiors",
                "Interior installation at shipyards",
                "IMO FTP approved materials and surfaces",
                "Prototype cabins and mock-ups",
                "CNC woodworking and veneering",
            ],
            "needs": [
                "Luminaires and ambient lighting for public spaces",
                "Fire-safe textiles and upholstery",
                "Stainless steel sheet metal parts for furniture",
            ],
            "kw": [
                "interiors",
                "cabin furniture",
                "cruise ships",
                "joinery",
                "public spaces",
                "IMO FTP",
            ],
            "off": ["Birch plywood and chipboard offcuts", "Wood dust and planer shavings"],
            "want": [],
        },
    },
    {
        "key": "lighting",
        "cluster": MARITIME,
        "count": 4,
        "also": {},
        "sizes": [("micro", 2), ("small", 2)],
        "founded": (1979, 2020),
        "industries": ["27", "13", "31"],
        "certs": ["ISO 9001", "IMO FTP Code approval", "Oeko-Tex Standard 100"],
        "names": {
            "fi": [
                "Sisustamo Lindholm Oy",
                "Valo ja Kangas Mäntylä Oy",
                "Valoa Merelle Oy",
                "Orimattilan Sisustustuote Oy",
            ],
            "en": ["Lumimar Lighting Oy", "Northfabric Textiles Oy"],
        },
        "fi": {
            "intro": [
                "{name} suunnittelee ja valmistaa valaisimia sekä sisustustekstiilejä laivoihin "
                "ja hotelleihin.",
                "{short} on {town_in} toimiva pieni valmistaja, jonka tuotteita löytyy usean "
                "risteilyaluksen julkisista tiloista.",
                "Paloturvalliset tekstiilit ja verhoilu ovat olleet erikoisalaamme vuodesta "
                "{year}.",
            ],
            "body": [
                "Tuotteemme testataan meriolosuhteiden tärinä- ja paloturvallisuusvaatimuksia "
                "vastaan.",
                "Valmistamme myös räätälöityjä yksittäiskappaleita arkkitehtien suunnitelmien "
                "pohjalta.",
                "Kierrätysmateriaalien osuutta tekstiileissä on kasvatettu joka vuosi.",
            ],
            "caps": [
                "Valaisimet ja tunnelmavalaistus laivojen julkisiin tiloihin",
                "Paloturvalliset tekstiilit, verhot ja matot",
                "LED-valaisimet hytteihin ja käytäviin",
                "Verhoilu ja pehmustetut kalusteet",
                "Valaistussuunnittelu",
            ],
            "needs": [
                "Pienerät ohutlevyosia valaisinrunkoihin",
                "Sähköasennuskumppani telakkaprojekteihin",
                "Kierrätyskuitua tekstiilituotteisiin",
            ],
            "kw": ["valaisimet", "valaistus", "tekstiilit", "verhoilu", "risteilyalukset", "LED"],
            "off": [],
            "want": ["Tekstiilien leikkuujäte kierrätyskuiduksi"],
        },
        "en": {
            "intro": [
                "{name} designs and manufactures luminaires and interior textiles for ships and "
                "hotels.",
                "{short} is a small manufacturer in {town} whose products can be found in the "
                "public spaces of several cruise ships.",
            ],
            "body": [
                "Our products are tested against marine vibration and fire safety requirements.",
                "We also make bespoke pieces based on architects' drawings.",
            ],
            "caps": [
                "Luminaires and ambient lighting for ship public spaces",
                "Fire-safe textiles, curtains and carpets",
                "LED luminaires for cabins and corridors",
                "Upholstery and upholstered furniture",
                "Lighting design",
            ],
            "needs": [
                "Small batches of sheet metal parts for luminaire frames",
                "Electrical installation partner for shipyard projects",
            ],
            "kw": ["luminaires", "lighting", "textiles", "upholstery", "cruise ships"],
            "off": [],
            "want": ["Textile offcuts for recycled fibre"],
        },
    },
    {
        "key": "electrification",
        "cluster": MARITIME,
        "count": 8,
        "also": {LAPLAND: 0.1},
        "sizes": [("small", 4), ("medium", 2), ("micro", 2)],
        "founded": (1985, 2021),
        "industries": ["27", "26", "33"],
        "certs": ["ISO 9001", "ISO 14001", "DNV type approval", "IEC 62619"],
        "names": {
            "fi": [
                "Sähkötekniikka Heinonen Oy",
                "Akkuvoima Lahti Oy",
                "Voimaelektroniikka Kallio Oy",
                "Hollolan Sähköpaja Oy",
                "Meriakku Oy",
                "Jännite Marine Oy",
                "Lahden Keskustekniikka Oy",
                "Latausvirta Oy",
            ],
            "en": [
                "Voltmarine Oy",
                "Aurora Battery Systems Oy",
                "Hybridrive Nordic Oy",
                "Gridwave Marine Power Oy",
            ],
        },
        "fi": {
            "intro": [
                "{name} toimittaa akkujärjestelmiä, sähkökeskuksia ja hybridiratkaisuja "
                "työveneisiin ja lauttoihin.",
                "Olemme laivojen sähköistykseen keskittynyt insinööriyritys {town_in}.",
                "{short} kehittää ja valmistaa tehoelektroniikkaa sähköiseen ja "
                "hybridipropulsioon.",
                "Maasähköliitännät, akkujärjestelmät ja energianhallinta ovat olleet "
                "ydinosaamistamme perustamisvuodesta {year} lähtien.",
            ],
            "body": [
                "Järjestelmämme täyttävät luokituslaitosten akkuturvallisuusvaatimukset.",
                "Tuotekehitys tehdään tiiviissä yhteistyössä korkeakoulujen kanssa, ja "
                "testauslaboratoriomme sijaitsee {town_in}.",
                "Kotimaan lisäksi toimitamme laitteita erityisesti Norjaan, jossa sähköisten "
                "lauttojen kysyntä on ollut vahvaa.",
                "Valmistamme sähkökeskukset ja ohjauspöydät asiakkaan määrittelyn mukaan.",
                "Retrofit-hankkeissa vanhan dieselaluksen muuttaminen hybridiksi onnistuu "
                "yleensä yhden telakkajakson aikana.",
            ],
            "caps": [
                "Akkujärjestelmät ja energianhallinta aluksiin",
                "Hybridi- ja täyssähköinen propulsio",
                "Pää- ja ryhmäkeskukset sekä ohjauspöydät",
                "Maasähköliitännät ja latausratkaisut",
                "Taajuusmuuttajat ja tehoelektroniikka",
                "Sähkösuunnittelu ja selektiivisyyslaskelmat",
            ],
            "needs": [
                "Akkutilojen jäähdytysratkaisut",
                "Ohutlevykotelot ja kaappien runkojen valmistus",
                "Ohjelmistokehitys energianhallintaan",
                "Potkurilaitetoimittaja hybridikonsepteihin",
                "Testausympäristö akkujen kylmä- ja paloturvallisuudelle",
            ],
            "kw": [
                "sähköistys",
                "akkujärjestelmät",
                "hybridipropulsio",
                "maasähkö",
                "tehoelektroniikka",
                "sähkökeskukset",
                "energianhallinta",
            ],
            "off": ["Käytetyt akkumoduulit uusiokäyttöön", "Kupari- ja kaapeliromu"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} supplies battery systems, switchboards and hybrid solutions for "
                "workboats and ferries.",
                "We are an engineering company in {town} focused on ship electrification.",
                "{short} develops and manufactures power electronics for electric and hybrid "
                "propulsion.",
            ],
            "body": [
                "Our systems are designed to meet class society battery safety rules.",
                "Development is done closely with universities, and our test lab is in {town}.",
                "Besides Finland we deliver mainly to Norway, where demand for electric ferries "
                "has been strong.",
                "A diesel-to-hybrid retrofit can usually be completed within one dry-docking.",
            ],
            "caps": [
                "Marine battery systems and energy management",
                "Hybrid and fully electric propulsion",
                "Main and distribution switchboards, control consoles",
                "Shore power connections and charging solutions",
                "Frequency converters and power electronics",
            ],
            "needs": [
                "Cooling solutions for battery rooms",
                "Sheet metal enclosures and cabinet frames",
                "Software development for energy management",
                "Propulsion supplier for hybrid concepts",
            ],
            "kw": [
                "electrification",
                "battery systems",
                "hybrid propulsion",
                "shore power",
                "power electronics",
                "switchboards",
            ],
            "off": ["Used battery modules for second-life use", "Copper and cable scrap"],
            "want": [],
        },
    },
    {
        "key": "automation",
        "cluster": MARITIME,
        "count": 10,
        "also": {LAPLAND: 0.1, BIOMASS: 0.05},
        "sizes": [("small", 4), ("micro", 4), ("medium", 2)],
        "founded": (1990, 2022),
        "industries": ["62", "26", "71"],
        "certs": ["ISO 9001", "ISO/IEC 27001", "IEC 62443"],
        "names": {
            "fi": [
                "Ohjaustekniikka Salo Oy",
                "Automaatiopalvelu Mattila Oy",
                "Lahden Laivadata Oy",
                "Ohjelmistotalo Kuusela Oy",
                "Anturi ja Data Oy",
                "Hollolan Automaatio Oy",
                "Valvomo Systems Oy",
                "Koodipaja Nurmi Oy",
            ],
            "en": [
                "Bridgeware Oy",
                "Seasense Analytics Oy",
                "Twinhull Digital Oy",
                "Keelbyte Oy",
                "Harbourlogic Oy",
            ],
        },
        "fi": {
            "intro": [
                "{name} toimittaa laivojen automaatiojärjestelmiä, hälytysvalvontaa ja "
                "etäseurantaa.",
                "Olemme {town_in} toimiva ohjelmistoyritys, joka tekee koneiston datasta "
                "hyödyllistä meriteollisuudelle.",
                "{short} suunnittelee ja ohjelmoi ohjausjärjestelmiä konevalmistajille ja "
                "telakoille.",
            ],
            "body": [
                "Ratkaisumme keräävät dataa konehuoneesta ja antavat miehistölle sekä maissa "
                "olevalle huollolle reaaliaikaisen kuvan aluksen tilasta.",
                "Kyberturvallisuus otetaan huomioon jo suunnitteluvaiheessa IACS-vaatimusten "
                "mukaisesti.",
                "Teemme PLC- ja HMI-ohjelmointia, simulointia sekä käyttöönottoja telakalla ja "
                "merikoeajoilla.",
                "Kehitämme digitaalisia kaksosia, joiden avulla aluksen energiankulutusta "
                "voidaan optimoida jo suunnitteluvaiheessa.",
                "Tiimimme on pieni, mutta siinä on sekä merenkulun että ohjelmistokehityksen "
                "kokemusta.",
            ],
            "caps": [
                "Ohjelmistokehitys energianhallintaan ja raportointiin",
                "Laivojen automaatio- ja valvontajärjestelmät",
                "PLC- ja HMI-ohjelmointi, myös ilmanvaihdon ohjaukseen",
                "Etävalvonta ja kunnonvalvonta",
                "Digitaaliset kaksoset ja simulointi",
                "Kyberturvallisuus IACS UR E26/E27 -vaatimusten mukaisesti",
                "Käyttöönotot ja merikoeajot",
            ],
            "needs": [
                "Pilottiasiakkaita kunnonvalvontaratkaisulle",
                "Anturointi- ja sähköasennuskumppani",
                "Laitevalmistajien kunnonvalvontadataa tuotekehitykseen",
                "Ohjelmistokehittäjiä ja harjoittelijoita",
            ],
            "kw": [
                "automaatio",
                "ohjelmistot",
                "etävalvonta",
                "kunnonvalvonta",
                "digitaalinen kaksonen",
                "kyberturvallisuus",
                "PLC",
            ],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} delivers ship automation, alarm monitoring and remote diagnostics.",
                "We are a software company in {town} turning machinery data into decisions for "
                "the maritime industry.",
                "{short} designs and programs control systems for machinery makers and shipyards.",
            ],
            "body": [
                "Our solutions collect data from the engine room and give both the crew and the "
                "onshore service team a real-time view of the vessel.",
                "Cyber security is built in from the design phase in line with IACS requirements.",
                "We develop digital twins that let owners optimise energy use before the steel "
                "is cut.",
            ],
            "caps": [
                "Software development for energy management and reporting",
                "Ship automation and alarm monitoring systems",
                "PLC and HMI programming",
                "Remote monitoring and condition monitoring",
                "Digital twins and simulation",
                "Cyber security according to IACS UR E26/E27",
            ],
            "needs": [
                "Pilot customers for condition monitoring",
                "Sensor and electrical installation partner",
                "Equipment data from machinery makers",
            ],
            "kw": [
                "automation",
                "software",
                "remote monitoring",
                "condition monitoring",
                "digital twin",
                "cyber security",
            ],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "hydraulics",
        "cluster": MARITIME,
        "count": 7,
        "also": {LAPLAND: 0.1},
        "sizes": [("small", 4), ("micro", 2), ("medium", 1)],
        "founded": (1960, 2014),
        "industries": ["28", "33", "46"],
        "certs": ["ISO 9001", "ISO 14001", "ISO 45001"],
        "names": {
            "fi": [
                "Hydrauliikka Pesonen Oy",
                "Kärkölän Hydrauliikka Oy",
                "Lahden Letku ja Hydrauliikka Oy",
                "Hydrotekniikka Rautio Oy",
                "Sylinteripaja Vuorinen Oy",
                "Orimattilan Hydraulipalvelu Oy",
                "Painetekniikka Hyvärinen Oy",
            ],
            "en": ["Hydronord Systems Oy", "Pressline Hydraulics Oy", "Cylindra Marine Oy"],
        },
        "fi": {
            "intro": [
                "{name} suunnittelee ja valmistaa hydraulijärjestelmiä, -sylintereitä ja "
                "-koneikkoja vaativiin olosuhteisiin.",
                "Olemme {town_in} toimiva hydrauliikan järjestelmätoimittaja ja huoltoyritys.",
                "{short} valmistaa hydraulisylintereitä meri- ja offshore-laitteisiin sekä "
                "raskaisiin työkoneisiin.",
            ],
            "body": [
                "Sylinterit valmistetaan ja koeponnistetaan omassa tehtaassa.",
                "Huoltoautomme liikkuvat ympäri vuorokauden, ja letkut valmistetaan tarvittaessa "
                "suoraan asiakkaan kohteessa.",
                "Teemme järjestelmiä kansikoneisiin, luukkuihin ja säätöpotkureihin.",
                "Öljyanalyysien avulla huoltotarve nähdään ennen kuin laite pysähtyy.",
            ],
            "caps": [
                "Hydrauliikkakomponentit säätöpotkureihin ja kansikoneisiin",
                "Hydraulisylinterit ja hydraulikoneikot",
                "Hydraulijärjestelmien suunnittelu ja mitoitus",
                "Hydrauliikan huolto, vianetsintä ja öljyanalyysit",
                "Letkujen ja putkistojen valmistus",
                "Sylinterien korjaus ja uudelleenpinnoitus",
            ],
            "needs": [
                "Sylinteriputkien ja männänvarsien koneistus",
                "Pintakäsittely ja kromaus",
                "Asiakkaita kansikonevalmistajista",
            ],
            "kw": [
                "hydrauliikka",
                "hydraulisylinterit",
                "hydraulikoneikot",
                "letkut",
                "huolto",
                "öljyanalyysi",
            ],
            "off": ["Käytetty hydrauliöljy kierrätykseen"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} designs and builds hydraulic systems, cylinders and power units for "
                "demanding conditions.",
                "We are a hydraulic system supplier and service company based in {town}.",
            ],
            "body": [
                "Cylinders are manufactured and pressure-tested in our own plant.",
                "We build systems for deck machinery, hatches and CP propellers.",
            ],
            "caps": [
                "Hydraulic components for CP propellers and deck machinery",
                "Hydraulic cylinders and power units",
                "Hydraulic system design and sizing",
                "Hydraulic service, troubleshooting and oil analysis",
                "Hose and pipe assemblies",
            ],
            "needs": [
                "Machining of cylinder tubes and piston rods",
                "Surface treatment and chrome plating",
            ],
            "kw": ["hydraulics", "hydraulic cylinders", "power units", "hoses", "service"],
            "off": ["Used hydraulic oil for recycling"],
            "want": [],
        },
    },
    {
        "key": "deck",
        "cluster": MARITIME,
        "count": 6,
        "also": {},
        "sizes": [("small", 3), ("medium", 3)],
        "founded": (1955, 2012),
        "industries": ["28", "30", "33"],
        "certs": ["ISO 9001", "ISO 14001", "DNV type approval", "EN 1090 EXC2"],
        "names": {
            "fi": [
                "Kansikone Hirvonen Oy",
                "Vinssitehdas Mäntynen Oy",
                "Nosturitekniikka Ahonen Oy",
                "Heinolan Kansilaite Oy",
                "Kansilaite Parviainen Oy",
                "Ankkuripaja Oy",
            ],
            "en": ["Capstan Marine Equipment Oy", "Northwinch Oy", "Davitec Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa vinssejä, ankkurikoneita ja kansinostureita työaluksiin ja "
                "lauttoihin.",
                "Olemme kansikoneisiin erikoistunut laitevalmistaja {town_in}.",
                "{short} suunnittelee ja valmistaa pelastusveneiden laskulaitteita ja "
                "huoltonostureita.",
            ],
            "body": [
                "Tuotteet toimitetaan luokituslaitoksen hyväksyminä, ja elinkaaripalvelut "
                "hoidetaan omalla huoltoverkostolla.",
                "Jokainen laite koestetaan tehtaalla ennen toimitusta.",
                "Kysyntä on kasvanut erityisesti tuulivoiman huoltoalusten segmentissä.",
                "Rungot teetämme alihankintana lähialueen konepajoilla, kokoonpano ja koestus "
                "tehdään itse.",
            ],
            "caps": [
                "Vinssit ja ankkurikoneet",
                "Kansinosturit ja huoltonosturit",
                "Laskulaitteet pelastus- ja työveneille",
                "Kansikoneiden huolto ja modernisointi",
                "Koestus ja luokituslaitoshyväksynnät",
            ],
            "needs": [
                "Hitsatut runkorakenteet alihankintana",
                "Hydraulikoneikot ja -sylinterit",
                "Hammaspyörät ja vaihteistot",
                "Hiekkapuhallus ja maalaus",
            ],
            "kw": [
                "kansikoneet",
                "vinssit",
                "ankkurikoneet",
                "nosturit",
                "laskulaitteet",
                "offshore",
            ],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} manufactures winches, windlasses and deck cranes for workboats and "
                "ferries.",
                "We are a deck machinery manufacturer based in {town}.",
            ],
            "body": [
                "Products are delivered with class approval and supported through our own "
                "service network.",
                "Demand has grown especially among offshore wind service vessels.",
            ],
            "caps": [
                "Winches and windlasses",
                "Deck cranes and service cranes",
                "Launching appliances for rescue boats",
                "Deck machinery service and modernisation",
            ],
            "needs": [
                "Welded frame structures as subcontracting",
                "Hydraulic power units and cylinders",
                "Gears and gearboxes",
            ],
            "kw": ["deck machinery", "winches", "windlasses", "cranes", "offshore wind"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "surface",
        "cluster": MARITIME,
        "count": 7,
        "also": {},
        "sizes": [("small", 4), ("micro", 2), ("medium", 1)],
        "founded": (1965, 2017),
        "industries": ["25", "43"],
        "certs": ["ISO 9001", "ISO 14001", "FROSIO inspector", "Qualisteelcoat"],
        "names": {
            "fi": [
                "Pintakäsittely Karjalainen Oy",
                "Maalaamo Lahtinen Oy",
                "Hiekkapuhallus Jokinen Oy",
                "Orimattilan Pinnoite Oy",
                "Pinnoitus Huttunen Oy",
                "Hollolan Teollisuusmaalaus Oy",
                "Teollisuuspinnoite Kolehmainen Oy",
            ],
            "en": ["Coatline Nordic Oy", "Blastpro Finland Oy"],
        },
        "fi": {
            "intro": [
                "{name} tekee teollisuuden hiekkapuhallusta, märkämaalausta ja jauhemaalausta.",
                "Olemme {town_in} toimiva pintakäsittelylaitos, jonka puhallus- ja "
                "maalauskammioihin mahtuu jopa 20 metrin kappaleita.",
                "{short} pinnoittaa metallituotteita korroosiolta suojaavilla "
                "maalijärjestelmillä meri- ja offshore-olosuhteisiin.",
            ],
            "body": [
                "Maalausjärjestelmät toteutetaan ISO 12944 -standardin mukaisesti, ja laadun "
                "tarkastaa FROSIO-sertifioitu tarkastaja.",
                "Teemme myös kenttämaalausta telakoilla ja rakennuskohteissa.",
                "Kromauksen ja termisen ruiskutuksen avulla kuluneet akselit ja männänvarret "
                "saadaan takaisin käyttöön.",
                "Käytetylle puhallushiekalle etsimme jatkuvasti uusia hyödyntämiskohteita, "
                "esimerkiksi maanrakennuksesta.",
            ],
            "caps": [
                "Hiekkapuhallus ja märkämaalaus",
                "Pintakäsittely ja kromaus koneistetuille osille",
                "Jauhemaalaus",
                "Korroosionestomaalaus ISO 12944 C5-M -luokkaan",
                "Terminen ruiskutus",
                "Kenttämaalaus telakoilla",
            ],
            "needs": [
                "Hyödyntäjä käytetylle puhallushiekalle",
                "Kuljetuspalvelu suurille kappaleille",
                "Uusia asiakkaita konepajoista",
            ],
            "kw": [
                "pintakäsittely",
                "hiekkapuhallus",
                "maalaus",
                "jauhemaalaus",
                "kromaus",
                "korroosionesto",
            ],
            "off": ["Käytetty puhallushiekka", "Maali- ja liuotinjäte käsittelyyn"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} provides industrial blasting, wet painting and powder coating.",
                "We are a surface treatment plant in {town} with blasting and painting booths "
                "for pieces up to 20 metres long.",
            ],
            "body": [
                "Coating systems follow ISO 12944 and quality is checked by a FROSIO-certified "
                "inspector.",
                "We also paint on site at shipyards and construction sites.",
            ],
            "caps": [
                "Blasting and wet painting",
                "Surface treatment and chrome plating of machined parts",
                "Powder coating",
                "Anti-corrosion painting to ISO 12944 C5-M",
                "On-site painting at shipyards",
            ],
            "needs": [
                "Reuse option for spent blasting grit",
                "Transport for large pieces",
            ],
            "kw": ["surface treatment", "blasting", "painting", "powder coating", "chrome plating"],
            "off": ["Spent blasting grit"],
            "want": [],
        },
    },
    {
        "key": "logistics",
        "cluster": MARITIME,
        "count": 6,
        "also": {BIOMASS: 0.35},
        "sizes": [("small", 3), ("medium", 2), ("micro", 1)],
        "founded": (1950, 2015),
        "industries": ["49", "52", "50"],
        "certs": ["ISO 9001", "ISO 14001", "AEO"],
        "names": {
            "fi": [
                "Kuljetus Mäkinen Oy",
                "Erikoiskuljetus Peltonen Oy",
                "Lahden Huolinta Oy",
                "Raskaskuljetus Hyvönen Oy",
                "Päijänteen Logistiikka Oy",
                "Kuljetusliike Riihelä Oy",
            ],
            "en": ["Nordcargo Project Logistics Oy", "Heavylift Lahti Oy"],
        },
        "fi": {
            "intro": [
                "{name} hoitaa raskas- ja erikoiskuljetuksia konepajoilta telakoille ja satamiin.",
                "Olemme {town_in} toimiva huolinta- ja logistiikkayritys, joka tuntee "
                "meriteollisuuden toimitusketjut.",
                "{short} on vuonna {year} perustettu perheyhtiö, jonka kalustoon kuuluu "
                "lavetteja, nosturiautoja ja erikoisperävaunuja.",
            ],
            "body": [
                "Hoidamme kuljetusluvat, saattoautot ja reittisuunnittelun asiakkaan puolesta.",
                "Vientitoimituksissa huolehdimme tullauksesta ja merirahtien varaamisesta.",
                "Varastoimme asiakkaiden komponentteja lämpimässä hallissa ennen "
                "telakkatoimitusta.",
                "Kuljetamme myös hake- ja purueriä, joten sivuvirtojen logistiikka on meille "
                "tuttua.",
            ],
            "caps": [
                "Raskaskuljetukset telakalle ja satamiin",
                "Erikoiskuljetukset ja kuljetuslupien hallinta",
                "Huolinta ja tullaus",
                "Projektilogistiikka ja varastointi",
                "Nosturiautot ja siirtotyöt",
                "Sivuvirtojen ja irtotavaran kuljetukset",
            ],
            "needs": [
                "Yhteiskuljetuksia klusteriyritysten kesken",
                "Sopimusasiakkaita konepajoista",
                "Varastotilaa Kotkan satamasta",
            ],
            "kw": [
                "logistiikka",
                "raskaskuljetukset",
                "erikoiskuljetukset",
                "huolinta",
                "projektilogistiikka",
                "varastointi",
            ],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} handles heavy and oversized transport from fabrication shops to "
                "shipyards and ports.",
                "We are a forwarding and logistics company in {town} that knows marine supply "
                "chains.",
            ],
            "body": [
                "We take care of permits, escort vehicles and route planning.",
                "For exports we handle customs clearance and book sea freight.",
            ],
            "caps": [
                "Heavy transport to shipyards and ports",
                "Oversized transport and permit handling",
                "Forwarding and customs clearance",
                "Project logistics and warehousing",
            ],
            "needs": ["Shared loads among cluster companies"],
            "kw": ["logistics", "heavy transport", "forwarding", "project logistics"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "design",
        "cluster": MARITIME,
        "count": 8,
        "also": {LAPLAND: 0.15, BIOMASS: 0.1},
        "sizes": [("small", 4), ("micro", 3), ("medium", 1)],
        "founded": (1975, 2021),
        "industries": ["71", "72", "74"],
        "certs": ["ISO 9001", "ISO 14001"],
        "names": {
            "fi": [
                "Suunnittelutoimisto Aalto & Kari Oy",
                "Laivasuunnittelu Nyström Oy",
                "Insinööritoimisto Rekola Oy",
                "Lujuuslaskenta Tuominen Oy",
                "Lahden Konesuunnittelu Oy",
                "Insinööritoimisto Vesanto Oy",
                "Suunnittelu Ruotsalainen Oy",
                "Insinööripalvelu Kiiski Oy",
            ],
            "en": ["Hullwise Naval Architects Oy", "Keelline Engineering Oy", "Seaform Design Oy"],
        },
        "fi": {
            "intro": [
                "{name} on laivasuunnitteluun ja konesuunnitteluun erikoistunut insinööritoimisto.",
                "Teemme {town_in} ja etänä rakenne-, kone- ja LVI-suunnittelua telakoille ja "
                "laitevalmistajille.",
                "{short} tarjoaa laivanrakennuksen perus- ja detaljisuunnittelua sekä "
                "lujuuslaskentaa.",
            ],
            "body": [
                "Suunnittelijoillamme on kokemusta risteilyalusten, jäänmurtajien ja "
                "työveneiden projekteista.",
                "Käytössämme ovat yleisimmät 3D-suunnittelujärjestelmät ja "
                "FEM-laskentaohjelmistot.",
                "Autamme pienempiä konepajoja tuotteistamaan ratkaisujaan ja hakemaan "
                "luokituslaitoshyväksyntöjä.",
                "Resursoimme suunnittelijoita myös asiakkaan omiin projekteihin.",
            ],
            "caps": [
                "Rakennesuunnittelu ja lujuuslaskenta (FEM)",
                "Laivasuunnittelu ja lohkosuunnittelu",
                "3D-mallinnus ja valmistuspiirustukset",
                "Luokitusdokumentaatio ja hyväksyntäprosessit",
                "Konesuunnittelu ja tuotekehitys",
                "Putkistosuunnittelu",
            ],
            "needs": [
                "Valmistavia kumppaneita prototyypeille",
                "Suunnittelijoita ja harjoittelijoita korkeakouluista",
                "Projektikumppaneita kansainvälisiin tarjouksiin",
            ],
            "kw": [
                "laivasuunnittelu",
                "konesuunnittelu",
                "lujuuslaskenta",
                "FEM",
                "3D-mallinnus",
                "insinööritoimisto",
            ],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} is an engineering office specialising in naval architecture and "
                "mechanical design.",
                "{short} provides basic and detail design for shipbuilding, including strength "
                "calculations.",
            ],
            "body": [
                "Our engineers have worked on cruise ships, icebreakers and workboats.",
                "We use the most common 3D design systems and FEM software.",
            ],
            "caps": [
                "Structural design and strength calculations (FEM)",
                "Naval architecture and block design",
                "3D modelling and production drawings",
                "Class documentation and approval processes",
            ],
            "needs": [
                "Manufacturing partners for prototypes",
                "Engineers and trainees from universities",
            ],
            "kw": [
                "naval architecture",
                "ship design",
                "FEM",
                "strength calculation",
                "engineering",
            ],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "piping",
        "cluster": MARITIME,
        "count": 6,
        "also": {BIOMASS: 0.1},
        "sizes": [("small", 4), ("micro", 1), ("medium", 1)],
        "founded": (1963, 2016),
        "industries": ["25", "28", "33"],
        "certs": ["ISO 9001", "ISO 3834-2", "PED 2014/68/EU", "ISO 14001"],
        "names": {
            "fi": [
                "Putkistotekniikka Huhtala Oy",
                "Putkityö Ojala Oy",
                "Pumppu ja Putki Räsänen Oy",
                "Hollolan Putkiasennus Oy",
                "Lahden Prosessiputki Oy",
                "Putkipaja Airaksinen Oy",
            ],
            "en": ["Flowmar Piping Oy", "Valvetec Nordic Oy"],
        },
        "fi": {
            "intro": [
                "{name} esivalmistaa putkistoja ja putkimoduuleja laivoihin sekä "
                "prosessiteollisuuteen.",
                "Olemme {town_in} toimiva venttiilien ja pumppujen huoltoon erikoistunut yritys.",
                "{short} valmistaa ja asentaa teräs-, ruostumattomia ja kupari-nikkeliputkistoja.",
            ],
            "body": [
                "Putkien taivutus, hitsaus ja painekokeet tehdään omissa tiloissamme.",
                "Moduloidut putkistokokonaisuudet nopeuttavat asennusta telakalla.",
                "Venttiilihuolto tehdään korjaamolla tai suoraan aluksella.",
            ],
            "caps": [
                "Putkistojen esivalmistus ja putkimoduulit",
                "Kupari-nikkeli- ja ruostumattomat putkistot",
                "Venttiilien ja pumppujen huolto",
                "Painekokeet ja huuhtelut",
                "Putkistoasennus telakalla",
            ],
            "needs": [
                "NDT-tarkastukset hitsausliitoksille",
                "Pintakäsittely putkiosille",
                "Putkistosuunnittelu alihankintana",
            ],
            "kw": ["putkistot", "putkimoduulit", "venttiilit", "pumput", "painelaitteet"],
            "off": ["Kupari-nikkeli- ja teräsputkien pätkät"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} prefabricates pipework and piping modules for ships and the process "
                "industry.",
                "{short} manufactures and installs steel, stainless and copper-nickel piping.",
            ],
            "body": [
                "Pipe bending, welding and pressure testing are done in-house.",
                "Modular piping packages speed up installation at the yard.",
            ],
            "caps": [
                "Pipe prefabrication and piping modules",
                "Copper-nickel and stainless piping",
                "Valve and pump service",
                "Pressure testing and flushing",
            ],
            "needs": ["NDT inspection of welds", "Surface treatment of pipe spools"],
            "kw": ["piping", "pipe modules", "valves", "pumps"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "composites",
        "cluster": MARITIME,
        "count": 6,
        "also": {BIOMASS: 0.55},
        "sizes": [("small", 3), ("micro", 2), ("medium", 1)],
        "founded": (1970, 2020),
        "industries": ["22", "20", "30"],
        "certs": ["ISO 9001", "ISO 14001", "DNV type approval"],
        "names": {
            "fi": [
                "Komposiittipaja Lampinen Oy",
                "Muovitekniikka Hiltunen Oy",
                "Lasikuitu Kettunen Oy",
                "Komposiittivalmiste Soininen Oy",
                "Heinolan Komposiitti Oy",
                "Laminointi Hakkarainen Oy",
            ],
            "en": ["Fibrecraft Composites Oy", "Polymarine Parts Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa lasikuitu- ja hiilikuitukomposiittisia osia veneisiin, "
                "laivoihin ja ajoneuvoihin.",
                "Olemme {town_in} toimiva muovituotteiden valmistaja, jonka erikoisuutena ovat "
                "kumitiivisteet ja tärinänvaimentimet.",
                "{short} on komposiittirakenteisiin erikoistunut pk-yritys.",
            ],
            "body": [
                "Valmistusmenetelminä ovat käsinlaminointi, alipaineinjektio ja RTM.",
                "Kehitämme korkeakoulujen kanssa biopohjaisia hartseja ja luonnonkuituvahvisteita.",
                "Kevyet komposiittirakenteet vähentävät aluksen painoa ja polttoaineenkulutusta.",
                "Lasikuitujätteelle haemme kierrätysratkaisua yhdessä muiden alan yritysten "
                "kanssa.",
            ],
            "caps": [
                "Komposiittirakenteet ja -osat (lasikuitu, hiilikuitu)",
                "Alipaineinjektio ja RTM-valmistus",
                "Kumitiivisteet ja tärinänvaimentimet",
                "Muottien valmistus",
                "Luonnonkuituvahvisteiset komposiitit",
            ],
            "needs": [
                "Luonnonkuidut ja kuitujakeet komposiitteihin",
                "Muottien CNC-koneistus",
                "Kierrätysratkaisu lasikuitujätteelle",
            ],
            "kw": [
                "komposiitit",
                "lasikuitu",
                "hiilikuitu",
                "muovituotteet",
                "RTM",
                "biokomposiitit",
            ],
            "off": ["Lasikuitujäte ja leikkuusuikaleet"],
            "want": ["Kuituliete ja kuitujakeet komposiittien raaka-aineeksi"],
        },
        "en": {
            "intro": [
                "{name} manufactures glass and carbon fibre composite parts for boats, ships and "
                "vehicles.",
                "{short} is an SME specialising in composite structures.",
            ],
            "body": [
                "We use hand lay-up, vacuum infusion and RTM.",
                "Together with universities we are developing bio-based resins and natural fibre "
                "reinforcements.",
            ],
            "caps": [
                "Composite structures and parts (glass and carbon fibre)",
                "Vacuum infusion and RTM",
                "Rubber seals and vibration dampers",
                "Mould making",
            ],
            "needs": [
                "Natural fibres and fibre fractions for composites",
                "Recycling solution for glass fibre waste",
            ],
            "kw": ["composites", "glass fibre", "carbon fibre", "RTM", "bio-composites"],
            "off": ["Glass fibre waste"],
            "want": ["Fibre sludge and fibre fractions as composite raw material"],
        },
    },
    {
        "key": "electrical",
        "cluster": MARITIME,
        "count": 5,
        "also": {},
        "sizes": [("small", 3), ("micro", 1), ("medium", 1)],
        "founded": (1970, 2018),
        "industries": ["43", "27", "33"],
        "certs": ["ISO 9001", "Tukes-registered electrical contractor", "ISO 45001"],
        "names": {
            "fi": [
                "Sähköasennus Pitkänen Oy",
                "Laivasähkö Hämäläinen Oy",
                "Kaapelointi Leinonen Oy",
                "Heinolan Sähkötyö Oy",
                "Sähköurakointi Nykänen Oy",
            ],
            "en": ["Marinewire Installations Oy"],
        },
        "fi": {
            "intro": [
                "{name} tekee laivojen ja teollisuuden sähköasennuksia, kaapelointeja ja "
                "kytkentöjä.",
                "Olemme {town_in} toimiva sähköurakoitsija, jonka asentajat työskentelevät "
                "telakoilla ympäri Itämerta.",
                "{short} on vuodesta {year} toiminut sähköurakoitsija, joka on erikoistunut "
                "telakkaprojekteihin.",
            ],
            "body": [
                "Asentajillamme on luokituslaitosten ja telakoiden edellyttämät pätevyydet.",
                "Teemme myös keskusten kokoonpanoa ja johdinsarjojen valmistusta.",
                "Hyvä yhteistyö sisustustoimittajien kanssa on tärkeää, koska valaistus "
                "asennetaan usein samaan aikaan kalusteiden kanssa.",
            ],
            "caps": [
                "Sähköasennus ja kaapelointi telakalla",
                "Sähköasennuskumppani valaistus- ja sisustuskohteisiin",
                "Anturointi ja instrumentoinnin asennus",
                "Johdinsarjat ja keskusten kokoonpano",
                "Käyttöönottomittaukset",
            ],
            "needs": [
                "Pitkäaikaisia telakkaprojekteja",
                "Akkujärjestelmäkoulutusta asentajille",
            ],
            "kw": ["sähköasennus", "kaapelointi", "laivasähkö", "johdinsarjat", "sähköurakointi"],
            "off": ["Kaapeliromu"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} carries out electrical installation, cabling and termination work on "
                "ships and in industry.",
            ],
            "body": [
                "Our electricians hold the qualifications required by class societies and yards.",
                "We also assemble switchboards and make wire harnesses.",
            ],
            "caps": [
                "Electrical installation and cabling at shipyards",
                "Sensor and instrumentation installation",
                "Wire harnesses and switchboard assembly",
                "Commissioning measurements",
            ],
            "needs": ["Long-term shipyard projects"],
            "kw": ["electrical installation", "cabling", "marine electrics", "wire harnesses"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "foundry",
        "cluster": MARITIME,
        "count": 3,
        "also": {LAPLAND: 0.2},
        "sizes": [("small", 2), ("medium", 1)],
        "founded": (1921, 1990),
        "industries": ["24", "25"],
        "certs": ["ISO 9001", "ISO 14001", "DNV approved manufacturer"],
        "names": {
            "fi": ["Valimo Rönkkö Oy", "Teräsvalimo Immonen Oy", "Pronssivalimo Savolainen Oy"],
            "en": ["Nordcast Foundry Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa pronssi- ja teräsvaluja kone- ja meriteollisuudelle.",
                "{short} valaa pronssista ja teräksestä kappaleita, jotka vaativat "
                "tarkkaa metallurgista hallintaa.",
                "Vuonna {year} perustettu {short} on yksi alueen vanhimmista "
                "metallialan yrityksistä.",
            ],
            "body": [
                "Valamme kappaleita muutamasta kilosta kolmeen tonniin.",
                "Valut voidaan toimittaa myös esikoneistettuina yhteistyökumppanimme kautta.",
                "Raaka-aineena käytämme suurelta osin kierrätysmetallia.",
            ],
            "caps": [
                "Pronssi- ja teräsvalut, myös potkurinlavat ja -navat",
                "Valuaihiot koneistukseen, takeaihiot kumppanitakomolta",
                "Lämpökäsittely ja karkaisu",
                "Valumallien valmistus",
                "Esikoneistus",
            ],
            "needs": [
                "Koneistuskumppani valukappaleille",
                "Valumallien 3D-tulostus",
            ],
            "kw": ["valimo", "pronssivalut", "teräsvalut", "takeet", "lämpökäsittely"],
            "off": ["Käytetty valimohiekka"],
            "want": ["Pronssilastu ja kupariromu", "Teräsromu"],
        },
        "en": {
            "intro": [
                "{name} produces bronze and steel castings for the engineering and marine "
                "industries.",
            ],
            "body": ["Castings range from a few kilos to three tonnes."],
            "caps": [
                "Bronze and steel castings, including propeller blades and hubs",
                "Cast blanks for machining, forged blanks via a partner forge",
                "Heat treatment and hardening",
            ],
            "needs": ["Machining partner for castings"],
            "kw": ["foundry", "bronze castings", "steel castings", "forgings"],
            "off": ["Used foundry sand"],
            "want": ["Bronze chips and copper scrap", "Scrap steel"],
        },
    },
    {
        "key": "ndt",
        "cluster": MARITIME,
        "count": 4,
        "also": {LAPLAND: 0.3},
        "sizes": [("micro", 2), ("small", 2)],
        "founded": (1988, 2019),
        "industries": ["71", "74"],
        "certs": ["ISO 9001", "ISO/IEC 17020", "ISO 9712"],
        "names": {
            "fi": [
                "Tarkastuspalvelu Kinnunen Oy",
                "NDT-Palvelu Harju Oy",
                "Mittaus ja Laatu Väisänen Oy",
                "Hitsaustarkastus Pelkonen Oy",
            ],
            "en": ["Northcheck NDT Oy"],
        },
        "fi": {
            "intro": [
                "{name} tekee rikkomattomia aineenkoetuksia ja hitsauksen laaduntarkastuksia "
                "konepajoille ja telakoille.",
                "{short} on {town_in} toimiva mittaus- ja tarkastuspalveluyritys.",
            ],
            "body": [
                "Tarkastajillamme on ISO 9712 -pätevyydet ultraääni-, magneettijauhe- ja "
                "tunkeumanestetarkastuksiin.",
                "Teemme myös 3D-laserkeilausta ja mittatarkastuksia suurille rakenteille.",
                "Päivystämme tarvittaessa viikonloppuisin, jotta tarkastus ei pysäytä tuotantoa.",
            ],
            "caps": [
                "NDT-tarkastukset hitsausliitoksille (UT, MT, PT, VT)",
                "Hitsausmenetelmäkokeiden valvonta",
                "3D-laserkeilaus ja mittatarkastus",
                "Tärinämittaukset ja kunnonvalvonta",
            ],
            "needs": [
                "Pitkäaikaisia tarkastussopimuksia",
                "Koulutusyhteistyötä oppilaitosten kanssa",
            ],
            "kw": ["NDT", "tarkastus", "hitsaustarkastus", "laserkeilaus", "laadunvarmistus"],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} provides non-destructive testing and weld inspection for fabrication "
                "shops and shipyards.",
            ],
            "body": ["Our inspectors hold ISO 9712 qualifications for UT, MT and PT."],
            "caps": [
                "NDT inspection of welds (UT, MT, PT, VT)",
                "3D laser scanning and dimensional inspection",
                "Vibration measurement",
            ],
            "needs": ["Long-term inspection agreements"],
            "kw": ["NDT", "inspection", "weld inspection", "laser scanning"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "staffing",
        "cluster": MARITIME,
        "count": 3,
        "also": {LAPLAND: 0.3},
        "sizes": [("small", 2), ("medium", 1)],
        "founded": (1996, 2019),
        "industries": ["78", "33", "43"],
        "certs": ["ISO 45001", "ISO 9001"],
        "names": {
            "fi": [
                "Asennuspalvelu Rantala Oy",
                "Henkilöstöpalvelu Meripaja Oy",
                "Hitsaus- ja Asennustyö Kokko Oy",
            ],
            "en": ["Crewforce Industrial Oy"],
        },
        "fi": {
            "intro": [
                "{name} vuokraa hitsaajia, levyseppiä ja asentajia konepajoille ja telakoille.",
                "{short} tekee mekaanisia asennuksia ja kunnossapitoa teollisuudessa ja "
                "telakoilla.",
            ],
            "body": [
                "Työntekijöidemme pätevyydet ja hitsaussertifikaatit pidetään ajan tasalla.",
                "Pystymme kokoamaan asennusryhmän lyhyelläkin varoitusajalla.",
            ],
            "caps": [
                "Hitsaajat ja levysepät vuokratyönä",
                "Asennushenkilöstöä telakka- ja risteilyalusprojekteihin",
                "Mekaaniset asennukset ja kunnossapito",
                "Hitsauspätevyyksien koulutus",
            ],
            "needs": [
                "Majoitusyhteistyötä telakkapaikkakunnilla",
                "Uusia asiakkaita Lahden seudulta",
            ],
            "kw": ["henkilöstövuokraus", "hitsaajat", "asennus", "kunnossapito"],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} provides welders, plate workers and fitters to fabrication shops and "
                "shipyards.",
            ],
            "body": ["We can put together an installation crew at short notice."],
            "caps": [
                "Welders and plate workers on hire",
                "Installation crews for shipyard projects",
                "Mechanical installation and maintenance",
            ],
            "needs": ["New customers in the Lahti region"],
            "kw": ["staffing", "welders", "installation", "maintenance"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "metal_recycling",
        "cluster": MARITIME,
        "count": 2,
        "also": {BIOMASS: 0.5, LAPLAND: 0.5},
        "sizes": [("small", 1), ("medium", 1)],
        "founded": (1962, 2005),
        "industries": ["38", "46"],
        "certs": ["ISO 14001", "ISO 9001"],
        "names": {
            "fi": ["Metallinkierrätys Lindroos Oy", "Hyötymetalli Kemppinen Oy"],
            "en": ["Circumet Recycling Oy"],
        },
        "fi": {
            "intro": [
                "{name} vastaanottaa, lajittelee ja toimittaa metalliromua sulattojen "
                "raaka-aineeksi.",
                "Olemme {town_in} toimiva metallinkierrätysyritys, jonka asiakkaina on "
                "kymmeniä alueen konepajoja.",
            ],
            "body": [
                "Toimitamme konepajoille romulavat ja haemme ne sovitun rytmin mukaan.",
                "Lajiteltu teräs ja ruostumaton päätyvät kotimaisille ja ruotsalaisille "
                "sulatoille.",
            ],
            "caps": [
                "Teräsromun ja metalliromun vastaanotto",
                "Romulavat ja noutopalvelu konepajoille",
                "Kaapeli- ja akkuromun kierrätys",
                "Materiaalien tietoturvallinen hävitys",
            ],
            "needs": [
                "Sopimuksia konepajojen romunkeräyksestä",
                "Kuljetuskumppani pohjoisen reiteille",
            ],
            "kw": ["kierrätys", "metalliromu", "teräsromu", "kiertotalous"],
            "off": ["Lajiteltu teräsromu sulatoille"],
            "want": [
                "Teräsromu",
                "Ruostumattoman teräksen romu",
                "Alumiiniromu",
                "Kupari- ja kaapeliromu",
            ],
        },
        "en": {
            "intro": ["{name} collects, sorts and supplies scrap metal to steel mills."],
            "body": ["We place scrap containers at fabrication shops and collect on schedule."],
            "caps": [
                "Collection of scrap steel and scrap metal",
                "Scrap containers and pick-up service for fabrication shops",
                "Cable and battery recycling",
            ],
            "needs": ["Scrap collection agreements with fabrication shops"],
            "kw": ["recycling", "scrap metal", "scrap steel", "circular economy"],
            "off": [],
            "want": ["Scrap steel", "Stainless steel scrap", "Copper and cable scrap"],
        },
    },
    # ---------------------------------------------------------------- biomass cluster
    {
        "key": "sawmill",
        "cluster": BIOMASS,
        "count": 4,
        "also": {},
        "sizes": [("small", 2), ("medium", 2)],
        "founded": (1920, 1995),
        "industries": ["16", "02"],
        "certs": [
            "PEFC chain of custody",
            "FSC chain of custody",
            "ISO 14001",
            "CE marking EN 14081",
        ],
        "names": {
            "fi": [
                "Saha Koivula Oy",
                "Hartolan Saha ja Höyläämö Oy",
                "Padasjoen Puutuote Oy",
                "Sysmän Sahapuu Oy",
                "Höyläämö Kuivanen Oy",
            ],
            "en": ["Lakeland Timber Oy"],
        },
        "fi": {
            "intro": [
                "{name} sahaa ja höylää kotimaista mäntyä ja kuusta rakentamiseen ja "
                "puusepänteollisuuteen.",
                "{short} on vuonna {year} perustettu sahalaitos, joka toimii {town_in}.",
                "Olemme keskisuuri saha, jonka vuotuinen tuotanto on noin 60 000 kuutiota "
                "sahatavaraa.",
            ],
            "body": [
                "Puu hankitaan pääosin alle sadan kilometrin säteeltä.",
                "Kuori, sahanpuru ja hake ovat nykyään lähes yhtä tärkeä osa liiketoimintaa "
                "kuin sahatavara.",
                "Olemme investoineet uusiin kuivaamoihin, ja kuivauksen lämpö tuotetaan omalla "
                "kuorikattilalla.",
                "Haluamme löytää kuorelle arvokkaampaa käyttöä kuin poltto.",
            ],
            "caps": [
                "Kuori, sahanpuru ja hake energia- ja materiaalikäyttöön",
                "Sahatavara ja höylätavara (mänty, kuusi)",
                "Lujuuslajiteltu rakennepuu",
                "Puutavaran kuivaus ja lämpökäsittely",
                "Mittatilaussahaus",
            ],
            "needs": [
                "Kuoren jalostaja tai hyödyntäjä",
                "Kuljetuskumppani sivuvirroille",
                "Kunnossapitoa ja konepajapalveluita sahan laitteille",
            ],
            "kw": [
                "saha",
                "sahatavara",
                "höylätavara",
                "kuori",
                "sahanpuru",
                "hake",
                "metsäbiomassa",
            ],
            "off": ["Kuori", "Sahanpuru", "Kutterinlastu", "Hake"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} saws and planes Finnish pine and spruce for construction and joinery.",
            ],
            "body": [
                "Bark, sawdust and chips are now almost as important to us as sawn timber.",
                "We would like to find a higher-value use for our bark than burning it.",
            ],
            "caps": [
                "Bark, sawdust and wood chips for energy and material use",
                "Sawn and planed timber (pine, spruce)",
                "Strength-graded structural timber",
            ],
            "needs": ["Processor or user for bark", "Transport partner for side streams"],
            "kw": ["sawmill", "sawn timber", "bark", "sawdust", "forest biomass"],
            "off": ["Bark", "Sawdust", "Wood chips"],
            "want": [],
        },
    },
    {
        "key": "bioenergy",
        "cluster": BIOMASS,
        "count": 4,
        "also": {},
        "sizes": [("small", 2), ("micro", 1), ("medium", 1)],
        "founded": (1985, 2016),
        "industries": ["35", "16"],
        "certs": ["ENplus A1", "ISO 14001", "ISO 9001"],
        "names": {
            "fi": [
                "Bioenergia Kuusinen Oy",
                "Orimattilan Bioenergia Oy",
                "Lämpö ja Pelletti Mikkola Oy",
                "Vesijärven Bioenergia Oy",
            ],
            "en": ["Pelletline Nordic Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa puupellettejä ja brikettejä sahojen ja puusepänteollisuuden "
                "sivuvirroista.",
                "{short} tuottaa kaukolämpöä ja höyryä biopolttoaineilla {town_in}.",
                "Olemme lämpöyrittäjä, joka toimittaa hakepolttoainetta ja lämpöä kunnille ja "
                "teollisuudelle.",
            ],
            "body": [
                "Raaka-aineena käytämme sahanpurua ja kutterinlastua, jotka haetaan alueen "
                "sahoilta ja puusepänverstailta.",
                "Kattilalaitoksen tuhkalle etsimme hyötykäyttöä maanrakennuksesta ja "
                "metsälannoitteista.",
                "Pelletit toimitetaan irtotavarana ja säkitettynä, osa myös Viroon ja Ruotsiin.",
                "Laadunvalvonnassa noudatetaan ENplus-sertifioinnin vaatimuksia.",
            ],
            "caps": [
                "Puupelletit ja briketit",
                "Lämpölaitosten hakepolttoaine",
                "Lämpöyrittäjäpalvelut kunnille ja teollisuudelle",
                "Kaukolämpö ja prosessihöyry",
            ],
            "needs": [
                "Sahanpuru ja kutterinlastu pellettien raaka-aineeksi",
                "Tuhkalle hyödyntäjä",
                "Pellettien vientikumppani",
            ],
            "kw": ["pelletit", "bioenergia", "kaukolämpö", "hake", "briketit", "lämpöyrittäjä"],
            "off": ["Lentotuhka", "Pohjatuhka"],
            "want": ["Sahanpuru", "Kutterinlastu", "Kuori polttoaineeksi"],
        },
        "en": {
            "intro": [
                "{name} makes wood pellets and briquettes from side streams of sawmills and "
                "joineries.",
            ],
            "body": [
                "Our raw material is sawdust and planer shavings collected from local sawmills.",
                "We are looking for beneficial uses for the ash from our boiler plant.",
            ],
            "caps": [
                "Wood pellets and briquettes",
                "Wood chip fuel for heating plants",
                "District heat and process steam",
            ],
            "needs": ["Sawdust and planer shavings as pellet raw material", "User for boiler ash"],
            "kw": ["pellets", "bioenergy", "district heating", "wood chips"],
            "off": ["Fly ash", "Bottom ash"],
            "want": ["Sawdust", "Planer shavings"],
        },
    },
    {
        "key": "biochar",
        "cluster": BIOMASS,
        "count": 3,
        "also": {LAPLAND: 0.3},
        "sizes": [("micro", 2), ("small", 1)],
        "founded": (2012, 2023),
        "industries": ["20", "38", "72"],
        "certs": ["European Biochar Certificate (EBC)", "ISO 14001"],
        "names": {
            "fi": ["Hiilimiilu Oy", "Biohiili Saarela Oy", "Kärkölän Biohiili Oy"],
            "en": ["Carbonpath Oy", "Pyrobloom Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa biohiiltä pyrolyysillä puun kuoresta, oksista ja muista "
                "biomassan sivuvirroista.",
                "{short} on vuonna {year} perustettu kasvuyritys, jonka pyrolyysilaitos "
                "sijaitsee {town_in}.",
                "Tuotamme biohiiltä maanparannukseen, hulevesien suodatukseen ja betonin "
                "lisäaineeksi.",
            ],
            "body": [
                "Pyrolyysissä vapautuva lämpö myydään viereiselle teollisuuskiinteistölle.",
                "Biohiilen hiilinielu on todennettu, ja myymme hiilidioksidinpoistoa myös "
                "yrityksille.",
                "Olemme mukana alueen biohiiliverkostossa yhdessä ammattikorkeakoulun kanssa.",
                "Laitos mitoitettiin niin, että se pystyy käsittelemään vaihtelevan kosteuden "
                "kuorta.",
            ],
            "caps": [
                "Biohiili maanparannukseen ja hulevesisuodatukseen",
                "Biohiilen valmistus pyrolyysillä",
                "Pyrolyysiprosessin lämmön hyödyntäminen",
                "Hiilinielulaskelmat ja hiilidioksidinpoistosertifikaatit",
            ],
            "needs": [
                "Kuori ja oksat raaka-aineeksi",
                "Maanparannusaineiden jakelukumppani",
                "Laboratorioanalyysit biohiilen laadusta",
                "Kasvurahoitus toiselle pyrolyysilinjalle",
            ],
            "kw": ["biohiili", "pyrolyysi", "hiilinielu", "maanparannus", "kiertotalous"],
            "off": ["Biohiili", "Pyrolyysiöljy"],
            "want": ["Kuori", "Oksat ja latvusmassa", "Puutarha- ja risujäte"],
        },
        "en": {
            "intro": [
                "{name} produces biochar by pyrolysis from bark, branches and other biomass "
                "side streams.",
                "{short} is a growth company founded in {year} with its pyrolysis plant in {town}.",
            ],
            "body": [
                "Heat from the pyrolysis process is sold to the neighbouring industrial site.",
                "Our carbon removal is verified and sold to companies as certificates.",
            ],
            "caps": [
                "Biochar for soil improvement and stormwater filtration",
                "Biochar production by pyrolysis",
                "Carbon removal certificates",
            ],
            "needs": [
                "Bark and branches as raw material",
                "Distribution partner for soil improvers",
            ],
            "kw": ["biochar", "pyrolysis", "carbon removal", "soil improvement"],
            "off": ["Biochar"],
            "want": ["Bark", "Branches and logging residues"],
        },
    },
    {
        "key": "pulp",
        "cluster": BIOMASS,
        "count": 2,
        "also": {},
        "sizes": [("large", 1), ("medium", 1)],
        "founded": (1905, 1972),
        "industries": ["17", "16"],
        "certs": [
            "ISO 9001",
            "ISO 14001",
            "ISO 50001",
            "FSC chain of custody",
            "PEFC chain of custody",
        ],
        "names": {
            "fi": ["Päijänteen Kartonki Oy", "Heinolan Kuitutehdas Oy"],
            "en": [],
        },
        "fi": {
            "intro": [
                "{name} valmistaa aaltopahvin raaka-aineita ja kartonkia kierrätys- ja "
                "neitseellisestä kuidusta.",
                "{short} on {town_in} toimiva kuitutehdas, jonka juuret ulottuvat vuoteen {year}.",
            ],
            "body": [
                "Tehtaan jätevedenpuhdistamolla syntyy vuosittain tuhansia tonneja kuitulietettä, "
                "jolle haemme materiaalikäyttöä.",
                "Energia tuotetaan pääosin omilla biopolttoaineilla, ja kattilan tuhka on "
                "toinen merkittävä sivuvirtamme.",
                "Teemme kehitysyhteistyötä yliopistojen kanssa uusien kuitutuotteiden ja "
                "sivuvirtojen parissa.",
                "Kunnossapidossa käytämme paljon alueen konepajoja ja automaatiotoimittajia.",
            ],
            "caps": [
                "Kartonki ja aaltopahvin raaka-aineet",
                "Kuitujen jalostus ja kuitujakeet",
                "Teollisen mittakaavan koeajot kuitutuotteille",
                "Biolietteen ja kuitulietteen käsittely",
            ],
            "needs": [
                "Kuitulietteelle ja tuhkalle hyödyntäjiä",
                "Kunnossapidon alihankinta: koneistus, hitsaus ja hydrauliikka",
                "Prosessiautomaation kehityshankkeet",
            ],
            "kw": ["kartonki", "kuitu", "aaltopahvi", "kierrätyskuitu", "kuituliete", "sivuvirrat"],
            "off": ["Kuituliete", "Kuitusavi", "Lentotuhka", "Viherlipeäsakka"],
            "want": ["Kierrätyskuitu ja keräyskartonki"],
        },
        "en": {"intro": [], "body": [], "caps": [], "needs": [], "kw": [], "off": [], "want": []},
    },
    {
        "key": "biomaterials",
        "cluster": BIOMASS,
        "count": 4,
        "also": {MARITIME: 0.25},
        "sizes": [("micro", 3), ("small", 1)],
        "founded": (2015, 2023),
        "industries": ["22", "17", "72"],
        "certs": ["ISO 14001", "OK compost INDUSTRIAL"],
        "names": {
            "fi": [
                "Selluvoima Oy",
                "Kuitumuotti Oy",
                "Luontokomposiitti Oy",
                "Puukuituvalmiste Oy",
            ],
            "en": ["Fibrenest Oy", "Woodlyn Materials Oy", "Cellufoam Oy"],
        },
        "fi": {
            "intro": [
                "{name} kehittää puukuitupohjaisia komposiitteja, jotka korvaavat muovia "
                "teollisuustuotteissa.",
                "{short} on vuonna {year} perustettu startup, joka valmistaa muottipuristettuja "
                "kuitutuotteita.",
                "Teemme teollisuuden sivuvirroista kevyitä, biopohjaisia materiaaleja "
                "pakkauksiin ja sisustukseen.",
            ],
            "body": [
                "Materiaalimme perustuu kuitulietteeseen ja sahateollisuuden sivujakeisiin.",
                "Pilottilinja toimii yliopiston tutkimushallissa, ja ensimmäinen "
                "tuotantolinja on suunnitteilla.",
                "Olemme testanneet materiaalia laivojen sisustuspaneeleissa yhdessä "
                "sisustustoimittajan kanssa.",
                "Haemme parhaillaan pääomasijoitusta tuotannon ylösajoon.",
            ],
            "caps": [
                "Puukuitupohjaiset komposiitit ja muottipuristetut tuotteet",
                "Kuitupohjaiset pakkausmateriaalit",
                "Materiaalien prototypointi ja pilotointi",
                "Biopohjaiset akustiikka- ja eristelevyt",
            ],
            "needs": [
                "Kuituliete ja kuitujakeet raaka-aineeksi",
                "Pilottiympäristö muottipuristukseen",
                "Pääomasijoitus tuotannon ylösajoon",
                "Teollisia asiakkaita pilotteihin",
            ],
            "kw": [
                "biokomposiitit",
                "puukuitu",
                "muottipuristus",
                "biomateriaalit",
                "startup",
                "muovin korvaaminen",
            ],
            "off": [],
            "want": ["Kuituliete", "Kutterinlastu", "Tekstiilien leikkuujäte"],
        },
        "en": {
            "intro": [
                "{name} develops wood fibre composites that replace plastics in industrial "
                "products.",
                "{short} is a start-up founded in {year} making moulded fibre products.",
            ],
            "body": [
                "Our material is based on fibre sludge and sawmill side streams.",
                "The pilot line runs in a university research hall; the first production line "
                "is being planned.",
            ],
            "caps": [
                "Wood fibre composites and moulded fibre products",
                "Fibre-based packaging materials",
                "Material prototyping and piloting",
            ],
            "needs": [
                "Fibre sludge and fibre fractions as raw material",
                "Pilot environment for moulding",
                "Equity funding for production scale-up",
            ],
            "kw": ["bio-composites", "wood fibre", "moulded fibre", "biomaterials", "start-up"],
            "off": [],
            "want": ["Fibre sludge", "Planer shavings"],
        },
    },
    {
        "key": "soil",
        "cluster": BIOMASS,
        "count": 3,
        "also": {MARITIME: 0.3},
        "sizes": [("small", 2), ("medium", 1)],
        "founded": (1975, 2015),
        "industries": ["42", "38", "39"],
        "certs": ["ISO 14001", "ISO 9001", "CE marking EN 13242"],
        "names": {
            "fi": [
                "Maanparannus Hakulinen Oy",
                "Ympäristörakenne Kärkkäinen Oy",
                "Multa ja Maa Pennanen Oy",
            ],
            "en": ["Greensoil Solutions Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa kasvualustoja ja maanparannusaineita viherrakentamiseen ja "
                "maatalouteen.",
                "Olemme {town_in} toimiva maarakennusyritys, joka hyödyntää teollisuuden "
                "sivuvirtoja tie- ja kenttärakenteissa.",
            ],
            "body": [
                "Tuhkaa on käytetty teiden ja kenttien rakennekerroksissa MARA-asetuksen "
                "mukaisesti.",
                "Kasvualustoihin sekoitetaan biohiiltä, kompostia ja kuitusavea.",
                "Selvitämme parhaillaan puhallushiekan ja muiden mineraalisten sivuvirtojen "
                "soveltuvuutta maarakentamiseen.",
            ],
            "caps": [
                "Tuhkan hyödyntäminen tie- ja kenttärakenteissa",
                "Kasvualustat ja maanparannusaineet",
                "Maanrakennus ja kenttärakentaminen",
                "MARA-ilmoitukset ja ympäristöluvitus",
            ],
            "needs": [
                "Tuhkaa ja biohiiltä tasalaatuisina erinä",
                "Laboratoriopalvelut kelpoisuustutkimuksiin",
            ],
            "kw": ["maanparannus", "kasvualustat", "tuhka", "maarakennus", "MARA", "sivuvirrat"],
            "off": ["Kasvualusta ja kompostoitu multa"],
            "want": [
                "Lentotuhka ja pohjatuhka",
                "Biohiili",
                "Kuitusavi",
                "Käytetty puhallushiekka",
            ],
        },
        "en": {
            "intro": [
                "{name} produces growing media and soil improvers for landscaping and agriculture.",
            ],
            "body": ["We use ash in road and field structures under the MARA decree."],
            "caps": [
                "Ash in road and field structures",
                "Growing media and soil improvers",
                "Earthworks and field construction",
            ],
            "needs": ["Ash and biochar in consistent batches"],
            "kw": ["soil improvement", "growing media", "ash", "earthworks"],
            "off": [],
            "want": ["Fly ash and bottom ash", "Biochar"],
        },
    },
    {
        "key": "waste",
        "cluster": BIOMASS,
        "count": 3,
        "also": {},
        "sizes": [("medium", 2), ("small", 1)],
        "founded": (1978, 2014),
        "industries": ["38", "35", "39"],
        "certs": ["ISO 14001", "ISO 9001", "ISO 45001"],
        "names": {
            "fi": [
                "Ympäristöhuolto Manninen Oy",
                "Lahden Materiaalikierto Oy",
                "Kiertokulku Järvelä Oy",
            ],
            "en": ["Circulo Recycling Oy"],
        },
        "fi": {
            "intro": [
                "{name} käsittelee biojätettä ja tuottaa siitä biokaasua sekä kierrätysravinteita.",
                "Olemme {town_in} toimiva jätehuolto- ja kierrätysyritys, joka kerää "
                "teollisuuden sivuvirtoja.",
                "{short} murskaa ja hakettaa puujätettä energia- ja materiaalikäyttöön.",
            ],
            "body": [
                "Mädätysjäännös jalostetaan lannoitevalmisteeksi.",
                "Kierrätyspuistossa on tilaa uusille sivuvirtoja hyödyntäville yrityksille.",
                "Tavoitteemme on, että mahdollisimman pieni osa vastaanotetusta materiaalista "
                "päätyy polttoon.",
            ],
            "caps": [
                "Teollisuuden sivuvirtojen keräys ja logistiikka",
                "Biojätteen käsittely ja biokaasun tuotanto",
                "Puujätteen murskaus ja hakettaminen",
                "Mädätysjäännöksen jalostus lannoitteeksi",
            ],
            "needs": [
                "Sivuvirtojen hyödyntäjiä kierrätyspuistoon",
                "Analyysipalvelut ravinnetuotteille",
            ],
            "kw": ["jätehuolto", "kierrätys", "biokaasu", "sivuvirrat", "kiertotalous"],
            "off": ["Mädätysjäännös", "Murskattu puujäte"],
            "want": ["Biojäte", "Puujäte ja purkupuu"],
        },
        "en": {
            "intro": ["{name} treats bio-waste and produces biogas and recycled nutrients."],
            "body": ["Digestate is refined into a fertiliser product."],
            "caps": [
                "Collection and logistics of industrial side streams",
                "Bio-waste treatment and biogas production",
                "Crushing and chipping of waste wood",
            ],
            "needs": ["Users for side streams in the recycling park"],
            "kw": ["waste management", "recycling", "biogas", "side streams"],
            "off": ["Digestate"],
            "want": ["Bio-waste", "Waste wood"],
        },
    },
    {
        "key": "biorefinery",
        "cluster": BIOMASS,
        "count": 2,
        "also": {},
        "sizes": [("micro", 1), ("small", 1)],
        "founded": (2010, 2022),
        "industries": ["20", "72"],
        "certs": ["ISO 9001", "REACH registration"],
        "names": {
            "fi": ["Puukemia Lindberg Oy", "Kuorikemia Oy"],
            "en": ["Barkchem Nordic Oy"],
        },
        "fi": {
            "intro": [
                "{name} uuttaa kuoresta tanniineja ja muita arvoyhdisteitä liimoihin, "
                "pinnoitteisiin ja nahan parkitukseen.",
                "{short} kehittää ligniini- ja kuoripohjaisia sideaineita fossiilisten "
                "korvaajiksi.",
            ],
            "body": [
                "Prosessi on skaalattu laboratoriosta pilot-mittakaavaan yliopiston kanssa.",
                "Uuton jälkeinen kuorijäännös kelpaa vielä polttoaineeksi tai biohiilen "
                "raaka-aineeksi.",
            ],
            "caps": [
                "Kuoriuutteet ja tanniinit",
                "Ligniinipohjaiset sideaineet",
                "Uuttoprosessien kehitys laboratorio- ja pilot-mittakaavassa",
            ],
            "needs": [
                "Kuori tasalaatuisena raaka-aineena",
                "Pilot-mittakaavan infrastruktuuri",
                "Kansainvälinen jakelukumppani",
            ],
            "kw": ["biojalostamo", "kuoriuutteet", "tanniinit", "ligniini", "biokemikaalit"],
            "off": ["Uutettu kuorijäännös"],
            "want": ["Kuori"],
        },
        "en": {
            "intro": [
                "{name} extracts tannins and other compounds from bark for adhesives and coatings."
            ],
            "body": ["The process has been scaled from lab to pilot scale with a university."],
            "caps": [
                "Bark extracts and tannins",
                "Lignin-based binders",
                "Extraction process development from lab to pilot scale",
            ],
            "needs": ["Bark as a consistent raw material", "Pilot-scale infrastructure"],
            "kw": ["biorefinery", "bark extracts", "tannins", "lignin"],
            "off": ["Extracted bark residue"],
            "want": ["Bark"],
        },
    },
    {
        "key": "process_equipment",
        "cluster": BIOMASS,
        "count": 2,
        "also": {LAPLAND: 0.4, MARITIME: 0.3},
        "sizes": [("small", 2)],
        "founded": (1980, 2012),
        "industries": ["28", "71"],
        "certs": ["ISO 9001", "ISO 3834-2", "PED 2014/68/EU"],
        "names": {
            "fi": ["Prosessilaite Hakala Oy", "Kuivaintekniikka Toivola Oy"],
            "en": ["Biodryer Systems Oy"],
        },
        "fi": {
            "intro": [
                "{name} suunnittelee ja valmistaa biomassan kuivaimia, kuljettimia ja "
                "pyrolyysilaitteistoja.",
                "{short} toimittaa avaimet käteen -laitoksia biomassan käsittelyyn.",
            ],
            "body": [
                "Teemme pilottilaitteita korkeakouluille ja kasvuyrityksille.",
                "Hitsatut rungot ja koneistetut osat hankitaan paikallisilta alihankkijoilta.",
            ],
            "caps": [
                "Biomassan kuivaimet ja kuljettimet",
                "Pyrolyysi- ja kaasutuslaitteistot",
                "Prosessisuunnittelu ja laitostoimitukset",
                "Pilottilaitteet tutkimuskäyttöön",
            ],
            "needs": [
                "Koneistus- ja hitsausalihankintaa",
                "Pilottiasiakkaita uudelle kuivainmallille",
            ],
            "kw": ["prosessilaitteet", "kuivaimet", "pyrolyysi", "biomassa", "laitostoimitus"],
            "off": ["Teräsromu"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} designs and builds biomass dryers, conveyors and pyrolysis equipment."
            ],
            "body": ["We build pilot equipment for universities and growth companies."],
            "caps": [
                "Biomass dryers and conveyors",
                "Pyrolysis and gasification equipment",
                "Pilot equipment for research",
            ],
            "needs": ["Machining and welding subcontracting"],
            "kw": ["process equipment", "dryers", "pyrolysis", "biomass"],
            "off": [],
            "want": [],
        },
    },
    # ---------------------------------------------------------------- Lapland cluster
    {
        "key": "mining",
        "cluster": LAPLAND,
        "count": 3,
        "also": {},
        "sizes": [("large", 2), ("medium", 1)],
        "founded": (1968, 2012),
        "industries": ["07", "08", "09"],
        "certs": ["ISO 14001", "ISO 45001", "ISO 9001", "Towards Sustainable Mining (TSM)"],
        "names": {
            "fi": ["Aapa Mineraalit Oy", "Riekkovaaran Kaivos Oy", "Tunturimetalli Oy"],
            "en": ["Arctic Nickel Resources Oy"],
        },
        "fi": {
            "intro": [
                "{name} louhii ja rikastaa metallimalmia avolouhoksesta ja maanalaisesta "
                "kaivoksesta.",
                "{short} on {town_in} toimiva kaivosyhtiö, jonka rikasteet kuljetetaan "
                "jatkojalostukseen Perämeren rannikolle.",
            ],
            "body": [
                "Rikastushiekkaa ja sivukiveä syntyy vuosittain miljoonia tonneja, ja niiden "
                "hyötykäyttö on meille strateginen kysymys.",
                "Kaivoksen vesienhallintaa kehitetään yhdessä tutkimuslaitosten kanssa.",
                "Työskentelemme vuoden ympäri, ja kalusto on mitoitettu −40 asteen pakkasiin.",
                "Paikalliset alihankkijat vastaavat suuresta osasta kunnossapidosta.",
            ],
            "caps": [
                "Malmien louhinta ja rikastus",
                "Rikastamon vaahdotusprosessi",
                "Kaivoksen vesienhallinta",
                "Teollinen testialusta kaivosteknologialle",
            ],
            "needs": [
                "Rikastushiekan hyötykäyttöratkaisut",
                "Kunnossapito- ja konepajapalvelut",
                "Kylmäolosuhteisiin testatut laitteet",
                "Osaavaa työvoimaa",
            ],
            "kw": ["kaivos", "malmi", "metallit", "rikastus", "rikastushiekka", "sivukivi"],
            "off": ["Rikastushiekka", "Sivukivi", "Kaivosvesien saostussakka"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} mines and concentrates nickel, copper and platinum-group metal ore "
                "from an open pit."
            ],
            "body": ["Utilising tailings and waste rock is a strategic question for us."],
            "caps": [
                "Ore mining and concentration",
                "Mine water management",
                "Industrial test site for mining technology",
            ],
            "needs": [
                "Utilisation solutions for tailings",
                "Maintenance and machine shop services",
            ],
            "kw": ["mining", "ore", "nickel", "tailings"],
            "off": ["Tailings", "Waste rock"],
            "want": [],
        },
    },
    {
        "key": "mining_services",
        "cluster": LAPLAND,
        "count": 3,
        "also": {},
        "sizes": [("small", 2), ("medium", 1)],
        "founded": (1982, 2017),
        "industries": ["09", "43", "33"],
        "certs": ["ISO 9001", "ISO 45001", "ISO 14001"],
        "names": {
            "fi": [
                "Kaivospalvelu Jääskeläinen Oy",
                "Louhintatyö Niskanen Oy",
                "Sodankylän Kaivoshuolto Oy",
            ],
            "en": ["Aapa Drilling Services Oy"],
        },
        "fi": {
            "intro": [
                "{name} tekee malminetsintäkairausta ja louhintaa Lapin kaivoksille.",
                "{short} huoltaa kaivoskoneita ja rikastamon laitteita {town_in} ja lähialueilla.",
            ],
            "body": [
                "Kairauskalustomme toimii myös talvella soiden jäädyttyä.",
                "Huoltoryhmämme päivystävät kaivosalueella ympäri vuorokauden.",
            ],
            "caps": [
                "Malminetsintäkairaus",
                "Louhinta ja rikotus",
                "Kaivoskoneiden kunnossapito",
                "Ruiskubetonointi ja kalliolujitus",
            ],
            "needs": [
                "Kaivoskoneiden kulutusosat ja koneistus",
                "Hitsaajia kunnossapitotöihin",
            ],
            "kw": ["kaivospalvelut", "kairaus", "louhinta", "kunnossapito"],
            "off": ["Kairaussoija ja porauslietteet"],
            "want": [],
        },
        "en": {
            "intro": ["{name} provides exploration drilling and excavation for Lapland mines."],
            "body": ["Our rigs also work in winter once the bogs have frozen."],
            "caps": [
                "Exploration drilling",
                "Excavation and rock breaking",
                "Mining machinery maintenance",
            ],
            "needs": ["Wear parts and machining for mining machinery"],
            "kw": ["mining services", "drilling", "maintenance", "excavation"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "steel_mill",
        "cluster": LAPLAND,
        "count": 2,
        "also": {},
        "sizes": [("large", 2)],
        "founded": (1965, 1990),
        "industries": ["24", "25"],
        "certs": ["ISO 9001", "ISO 14001", "ISO 50001", "ISO 45001"],
        "names": {
            "fi": [
                "Perämeren Ruostumaton Oy",
                (
                    "Tornionlaakson Ferroseos Oy",
                    {
                        "intro": [
                            "{name} tuottaa ferrokromia ruostumattoman teräksen raaka-aineeksi "
                            "{town_in}.",
                            "{short} on ferroseosten valmistaja, jonka sulatto käyttää Lapin "
                            "kromimalmia.",
                        ],
                        "caps": [
                            "Ferrokromin valmistus",
                            "Metallurgian tutkimus ja koelaitteistot",
                            "Sulaton prosessikaasujen energiahyödyntäminen",
                            "Teollinen kiertotalousyhteistyö",
                        ],
                        "off": ["Ferrokromikuona", "Sulaton pöly", "Prosessivesien sakat"],
                        "want": [],
                    },
                ),
            ],
            "en": ["Bothnia Stainless Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa ruostumatonta terästä kylmä- ja kuumavalssattuina levyinä ja "
                "keloina.",
                "{short} on {town_in} toimiva ruostumattoman teräksen tehdas, jonka juuret "
                "ulottuvat vuoteen {year}.",
            ],
            "body": [
                "Kierrätysteräksen osuus raaka-aineista on yli 80 prosenttia.",
                "Sulaton kuonat tuotteistetaan kiviaineksiksi, mutta uusia käyttökohteita "
                "tarvitaan lisää.",
                "Kunnossapitoon osallistuu päivittäin kymmeniä paikallisia pk-yrityksiä.",
                "Tavoitteena on hiilineutraali tuotanto vähähiilisen sähkön ja vedyn avulla.",
            ],
            "caps": [
                "Ruostumattomat kylmä- ja kuumavalssatut levyt",
                "Metallurgian tutkimus ja koelaitteistot",
                "Teollinen kiertotalousyhteistyö",
                "Levyjen leikkaus ja esikäsittely asiakkaan mittoihin",
            ],
            "needs": [
                "Kuonatuotteiden jalostus ja markkinointi",
                "Kunnossapidon alihankinta",
                "Vähähiilisten energiaratkaisujen kehityskumppanit",
            ],
            "kw": ["ruostumaton teräs", "ferrokromi", "metallurgia", "kuona", "kiertotalous"],
            "off": ["Terässulaton kuona", "Valssihilse", "Sulaton pöly"],
            "want": ["Ruostumattoman teräksen romu", "Teräsromu"],
        },
        "en": {
            "intro": ["{name} produces cold- and hot-rolled stainless steel plate and coil."],
            "body": ["Recycled steel makes up more than 80 per cent of our raw material."],
            "caps": [
                "Cold- and hot-rolled stainless plate",
                "Plate cutting and pre-processing to customer dimensions",
                "Metallurgical research",
            ],
            "needs": [
                "Processing and marketing of slag products",
                "Maintenance subcontracting",
            ],
            "kw": ["stainless steel", "metallurgy", "slag", "circular economy"],
            "off": ["Steel slag", "Mill scale"],
            "want": ["Stainless steel scrap", "Scrap steel"],
        },
    },
    {
        "key": "lapland_shops",
        "cluster": LAPLAND,
        "count": 4,
        "also": {},
        "sizes": [("small", 3), ("medium", 1)],
        "founded": (1958, 2016),
        "industries": ["25", "33", "28"],
        "certs": ["ISO 9001", "ISO 3834-2", "EN 1090 EXC3", "ISO 14001"],
        "names": {
            "fi": [
                "Kemin Konepaja Kivioja Oy",
                "Tornion Teräspalvelu Oy",
                "Rovaniemen Metallityö Oy",
                "Konepaja Alatalo Oy",
                "Kulutusosa Keskitalo Oy",
            ],
            "en": ["Northsteel Service Oy"],
        },
        "fi": {
            "intro": [
                "{name} valmistaa kulutusosia ja teräsrakenteita kaivos- ja "
                "prosessiteollisuudelle.",
                "Olemme {town_in} toimiva konepaja, joka hoitaa tehtaiden kunnossapitoa "
                "kenttähuoltona.",
                "{short} on vuonna {year} perustettu konepaja, jonka asiakkaat ovat pääosin "
                "Perämeren teollisuusalueella.",
            ],
            "body": [
                "Kovapinnoitus ja kulutusteräkset pidentävät murskainten ja kuljettimien "
                "osien käyttöikää.",
                "Päivystävä huoltoryhmä lähtee tehtaalle tunnin varoitusajalla.",
                "Ruostumattoman teräksen levytyöt ovat kasvava osa liiketoimintaamme.",
            ],
            "caps": [
                "Kaivoskoneiden kulutusosat ja kunnossapitokoneistus",
                "Korjaushitsaus ja kovapinnoitus",
                "Ruostumattoman teräksen levytyöt",
                "Teräsrakenteet EN 1090 EXC3",
                "Kenttähuolto tehdasalueilla",
            ],
            "needs": [
                "Lämpökäsittely ja karkaisu",
                "NDT-tarkastukset hitsausliitoksille",
                "Raskaskuljetukset",
            ],
            "kw": ["konepaja", "kulutusosat", "kunnossapito", "kovapinnoitus", "teräsrakenteet"],
            "off": ["Teräsromu", "Ruostumattoman teräksen romu"],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} makes wear parts and steel structures for the mining and process "
                "industries."
            ],
            "body": ["Our on-call service crew reaches the mill within an hour."],
            "caps": [
                "Wear parts and maintenance machining for mining machinery",
                "Repair welding and hardfacing",
                "Field service at industrial sites",
            ],
            "needs": ["Heat treatment and hardening", "NDT inspection of welds"],
            "kw": ["machine shop", "wear parts", "maintenance", "hardfacing"],
            "off": ["Scrap steel"],
            "want": [],
        },
    },
    {
        "key": "circular",
        "cluster": LAPLAND,
        "count": 4,
        "also": {BIOMASS: 0.2},
        "sizes": [("micro", 2), ("small", 2)],
        "founded": (2008, 2023),
        "industries": ["38", "23", "72"],
        "certs": ["ISO 14001", "CE marking EN 13242", "ISO 9001"],
        "names": {
            "fi": [
                "Kiertomineraali Oy",
                "Lapin Kuonatuote Oy",
                "Geopolymeeri Pohjola Oy",
                "Sivuvirtapalvelu Rautio Oy",
            ],
            "en": ["Tailingstone Oy", "Arctic Circular Materials Oy"],
        },
        "fi": {
            "intro": [
                "{name} jalostaa kuonista ja rikastushiekasta rakennusmateriaaleja.",
                "{short} kehittää geopolymeeribetonia, jossa sementti korvataan teollisuuden "
                "sivuvirroilla.",
                "Olemme {town_in} toimiva kiertotalousyritys, joka tuotteistaa teollisuuden "
                "sivuvirtoja.",
            ],
            "body": [
                "Sivuvirtojen karakterisointi tehdään yhdessä tutkimuslaitoksen kanssa.",
                "Ensimmäiset geopolymeerituotteet ovat olleet koekäytössä kunnallistekniikassa.",
                "Metallien talteenotto pölyistä ja sakoista parantaa myös jäännöksen "
                "hyödynnettävyyttä.",
                "Demonstraatiolaitos on tarkoitus rakentaa Perämeren teollisuusalueelle.",
            ],
            "caps": [
                "Kuonan ja rikastushiekan jalostus rakennusmateriaaleiksi",
                "Geopolymeeribetoni ja sideaineet",
                "Sivuvirtojen karakterisointi ja tuotteistus",
                "Metallien talteenotto pölyistä ja sakoista",
            ],
            "needs": [
                "Kuona ja rikastushiekka tasalaatuisina erinä",
                "Pilottiasiakkaita rakennusalalta",
                "Rahoitusta demonstraatiolaitokseen",
            ],
            "kw": ["kiertotalous", "kuona", "rikastushiekka", "geopolymeeri", "sivuvirrat"],
            "off": ["Kuonapohjainen kiviaines"],
            "want": [
                "Ferrokromikuona",
                "Terässulaton kuona",
                "Rikastushiekka",
                "Lentotuhka",
                "Kuitusavi ja viherlipeäsakka",
            ],
        },
        "en": {
            "intro": [
                "{name} turns slags and tailings into construction materials.",
                "{short} develops geopolymer concrete in which cement is replaced by industrial "
                "side streams.",
            ],
            "body": ["Side-stream characterisation is done with a research institute."],
            "caps": [
                "Slag and tailings processing into construction materials",
                "Geopolymer concrete and binders",
                "Side-stream characterisation",
            ],
            "needs": ["Slag and tailings in consistent batches", "Pilot customers in construction"],
            "kw": ["circular economy", "slag", "tailings", "geopolymer"],
            "off": [],
            "want": ["Ferrochrome slag", "Steel slag", "Tailings", "Fly ash"],
        },
    },
    {
        "key": "arctic_testing",
        "cluster": LAPLAND,
        "count": 3,
        "also": {},
        "sizes": [("small", 2), ("micro", 1)],
        "founded": (1995, 2020),
        "industries": ["71", "72", "93"],
        "certs": ["ISO/IEC 17025", "ISO 9001"],
        "names": {
            "fi": ["Talvitestaus Kylmälä Oy", "Sodankylän Testirata Oy", "Pakkaslaboratorio Oy"],
            "en": ["Polar Proving Grounds Oy", "Coldtrack Testing Oy"],
        },
        "fi": {
            "intro": [
                "{name} tarjoaa ajoneuvojen, akkujen ja laitteiden talvitestausta arktisissa "
                "olosuhteissa.",
                "{short} on {town_in} toimiva testauspalveluyritys, jolla on käytössään "
                "jäärata-alue ja kylmäkammioita, joissa päästään −50 asteeseen.",
            ],
            "body": [
                "Testikausi kestää marraskuusta huhtikuuhun, ja asiakkaita tulee Saksasta, "
                "Japanista ja Koreasta.",
                "Akkujen ja elektroniikan kylmätestaus on kasvanut nopeimmin.",
                "Tarjoamme asiakkaille myös suljetut korjaamotilat ja luottamuksellisuuden.",
            ],
            "caps": [
                "Akkujen ja elektroniikan kylmätestaus ja paloturvallisuustestit",
                "Ajoneuvojen ja renkaiden talvitestaus jäärata-alueella",
                "Kylmäkammiotestit −50 °C asti",
                "Droonien ja anturien testaus arktisissa olosuhteissa",
                "Testausympäristö kylmäolosuhteisiin laitevalmistajille",
            ],
            "needs": [
                "Majoitus- ja ravitsemispalvelut testikaudelle",
                "Anturi- ja mittauskumppani",
                "Kansainvälisiä asiakkaita",
            ],
            "kw": [
                "arktinen testaus",
                "talvitestaus",
                "kylmälaboratorio",
                "jäärata",
                "akkutestaus",
            ],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} offers winter testing of vehicles, tyres and equipment on ice tracks.",
                "{short} runs a cold laboratory in {town} with chambers down to −50 °C.",
            ],
            "body": [
                "The test season runs from November to April with customers from Germany, "
                "Japan and Korea."
            ],
            "caps": [
                "Cold testing of batteries and electronics",
                "Winter testing of vehicles and tyres on ice tracks",
                "Cold chamber tests down to −50 °C",
            ],
            "needs": ["Accommodation and catering for the test season", "International customers"],
            "kw": ["arctic testing", "winter testing", "cold lab", "ice track"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "tourism_industry",
        "cluster": LAPLAND,
        "count": 3,
        "also": {},
        "sizes": [("micro", 1), ("small", 2)],
        "founded": (1988, 2019),
        "industries": ["41", "16", "33"],
        "certs": ["ISO 9001", "PEFC chain of custody"],
        "names": {
            "fi": [
                "Lumi- ja Jäärakentajat Oy",
                (
                    "Kelohirsi Kemijärven Oy",
                    {
                        "intro": [
                            "{name} valmistaa hirsirakennuksia kelopuusta Lapin "
                            "matkailukohteisiin.",
                            "{short} on vuonna {year} perustettu hirsitalotehdas, jonka "
                            "lomakyliä on eri puolilla Lappia.",
                        ],
                        "body": [
                            "Kelopuu kerätään luonnonkuivana pystypuuna pohjoisen metsistä.",
                            "Toimitamme lomakyliä myös Norjaan ja Keski-Eurooppaan.",
                        ],
                        "caps": [
                            "Hirsirakennukset kelopuusta",
                            "Lomamökit ja saunarakennukset",
                            "Hirsirakenteiden asennus ja huolto",
                            "Rakennussuunnittelu matkailukohteisiin",
                        ],
                        "needs": [
                            "Energiatehokkaat lämmitysratkaisut",
                            "Kuljetuskumppani Norjaan",
                            "Kausityövoimaa",
                        ],
                        "kw": ["hirsirakentaminen", "kelo", "lomamökit", "matkailu", "puu"],
                        "off": ["Kelopuun ja hirren pätkät", "Höylänlastu"],
                    },
                ),
                (
                    "Moottorikelkkahuolto Lampela Oy",
                    {
                        "intro": [
                            "Huollamme moottorikelkkoja ja matkailun maastoajoneuvoja {town_in}.",
                            "{name} on safariyritysten kaluston huoltoon erikoistunut korjaamo.",
                        ],
                        "body": [
                            "Sähkökelkkojen yleistyminen on tuonut uutta huoltoliiketoimintaa.",
                            "Kauden huippuina huoltoa tehdään myös suoraan safariyritysten "
                            "tukikohdissa.",
                        ],
                        "caps": [
                            "Moottorikelkkojen ja sähkökelkkojen huolto",
                            "Mönkijöiden ja maastoajoneuvojen korjaus",
                            "Kaluston talvikunnostus ja varaosat",
                        ],
                        "needs": [
                            "Akkujärjestelmäosaamista sähkökelkkojen huoltoon",
                            "Kausityövoimaa",
                        ],
                        "kw": [
                            "moottorikelkat",
                            "sähkökelkat",
                            "huolto",
                            "matkailu",
                            "safarikalusto",
                        ],
                        "off": [],
                    },
                ),
            ],
            "en": ["Snowcraft Structures Oy"],
        },
        "fi": {
            "intro": [
                "{name} rakentaa lumi- ja jäärakenteita sekä lasikattoisia majoitusigluja "
                "matkailukohteisiin.",
                "{short} on {town_in} toimiva lumi- ja jäärakentamisen erikoisliike.",
            ],
            "body": [
                "Matkailun kausivaihtelu tasoittuu, kun teemme kesällä teollisuuden asennustöitä.",
                "Iglujen rungoissa käytetään ruostumatonta terästä ja paikallista puuta.",
                "Lumirakenteiden kestävyyttä on tutkittu yhdessä ammattikorkeakoulun kanssa.",
            ],
            "caps": [
                "Lumi- ja jäärakenteet matkailukohteisiin",
                "Lasikattoiset majoitusiglut",
                "Lumiveistokset ja tapahtumarakenteet",
                "Kesäkauden asennustyöt teollisuudelle",
            ],
            "needs": [
                "Ruostumattomat teräsrakenteet ja levytyöt",
                "Energiatehokkaat lämmitysratkaisut",
                "Kausityövoimaa",
            ],
            "kw": ["matkailu", "lumirakenteet", "jäärakenteet", "majoitusiglut", "arktinen"],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} builds snow and ice structures and glass-roofed igloos for tourist resorts."
            ],
            "body": ["In summer we balance the seasons with industrial installation work."],
            "caps": [
                "Snow and ice structures for resorts",
                "Glass-roofed accommodation igloos",
                "Seasonal installation work for industry",
            ],
            "needs": [
                "Stainless steel structures and sheet metal work",
                "Energy-efficient heating",
            ],
            "kw": ["tourism", "snow structures", "arctic", "igloos"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "lapland_forest",
        "cluster": LAPLAND,
        "count": 2,
        "also": {BIOMASS: 0.5},
        "sizes": [("large", 1)],
        "founded": (1919, 1975),
        "industries": ["17", "16"],
        "certs": ["ISO 14001", "ISO 50001", "FSC chain of custody", "PEFC chain of custody"],
        "names": {
            "fi": [
                "Perämeren Sellu Oy",
                (
                    "Kemijärven Saha ja Puu Oy",
                    {
                        "intro": [
                            "{name} sahaa pohjoista hidaskasvuista mäntyä ja kuusta.",
                            "{short} on {town_in} toimiva sahalaitos, jonka juuret ulottuvat "
                            "vuoteen {year}.",
                        ],
                        "body": [
                            "Kuorta ja purua käytetään osin omassa energiantuotannossa, mutta "
                            "ylijäämälle haetaan ostajia.",
                            "Tiheäsyistä sahatavaraa toimitetaan puusepänteollisuudelle "
                            "Keski-Eurooppaan.",
                        ],
                        "caps": [
                            "Sahatavara pohjoisesta männystä",
                            "Kuori, sahanpuru ja hake",
                            "Lämpökäsitelty puu",
                        ],
                        "needs": [
                            "Kuoren hyödyntäjä",
                            "Kunnossapidon ja automaation alihankinta",
                        ],
                        "kw": ["saha", "sahatavara", "mänty", "kuori", "sahanpuru"],
                        "sizes": [("medium", 1)],
                        "off": ["Kuori", "Sahanpuru", "Hake"],
                    },
                ),
            ],
            "en": [],
        },
        "fi": {
            "intro": [
                "{name} valmistaa valkaistua havusellua ja biotuotteita kuten mäntyöljyä ja "
                "tärpättiä.",
                "{short} on {town_in} toimiva sellutehdas, jonka juuret ulottuvat vuoteen {year}.",
            ],
            "body": [
                "Tehtaan sivuvirroista viherlipeäsakka, meesa ja kuitusavi soveltuvat "
                "maanrakennukseen ja sideaineiksi.",
                "Teemme yhteistyötä kaivosten ja terästehtaan kanssa sivuvirtojen "
                "yhteiskäsittelyssä.",
                "Kuori ja purut käytetään pääosin tehtaan omassa energiantuotannossa.",
            ],
            "caps": [
                "Havusellu ja biotuotteet",
                "Mäntyöljy ja tärpätti",
                "Teollisen mittakaavan sivuvirtakokeilut",
            ],
            "needs": [
                "Viherlipeäsakan ja meesan hyötykäyttö",
                "Kunnossapidon ja automaation alihankinta",
            ],
            "kw": ["sellu", "metsäteollisuus", "biotuotteet", "sivuvirrat", "mäntyöljy"],
            "off": ["Viherlipeäsakka", "Meesa", "Kuitusavi", "Lentotuhka"],
            "want": [],
        },
        "en": {
            "intro": [],
            "body": [],
            "caps": [],
            "needs": [],
            "kw": [],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "lapland_automation",
        "cluster": LAPLAND,
        "count": 2,
        "also": {},
        "sizes": [("small", 1), ("micro", 1)],
        "founded": (2001, 2021),
        "industries": ["62", "26", "71"],
        "certs": ["ISO 9001", "ISO/IEC 27001"],
        "names": {
            "fi": ["Teollisuusdata Ylitalo Oy", "Kemin Automaatiotekniikka Oy"],
            "en": ["Permafrost Analytics Oy"],
        },
        "fi": {
            "intro": [
                "{name} toimittaa prosessiautomaatiota ja kunnonvalvontaa kaivos- ja "
                "terästeollisuuteen.",
                "{short} kehittää langattomia anturiverkkoja, jotka toimivat kovassakin "
                "pakkasessa.",
            ],
            "body": [
                "Ennakoiva huolto on vähentänyt asiakkaidemme suunnittelemattomia seisokkeja "
                "merkittävästi.",
                "Anturit testataan kylmäkammiossa ennen asennusta.",
            ],
            "caps": [
                "Prosessiautomaatio kaivos- ja terästeollisuuteen",
                "Langattomat anturiverkot kylmiin olosuhteisiin",
                "Kunnonvalvonta ja ennakoiva huolto",
            ],
            "needs": [
                "Testausympäristö kylmäolosuhteisiin",
                "Pilottikohde kaivokselta",
            ],
            "kw": ["automaatio", "IoT", "anturit", "kunnonvalvonta", "kaivosteollisuus"],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": [
                "{name} delivers process automation and condition monitoring for the "
                "mining and steel industries."
            ],
            "body": ["All sensors are tested in a cold chamber before installation."],
            "caps": [
                "Process automation for mining and steel",
                "Wireless sensor networks for cold conditions",
                "Condition monitoring and predictive maintenance",
            ],
            "needs": ["Cold-climate test environment", "Pilot site at a mine"],
            "kw": ["automation", "IoT", "sensors", "condition monitoring"],
            "off": [],
            "want": [],
        },
    },
    {
        "key": "lapland_logistics",
        "cluster": LAPLAND,
        "count": 2,
        "also": {},
        "sizes": [("medium", 1), ("small", 1)],
        "founded": (1960, 2010),
        "industries": ["52", "49", "50"],
        "certs": ["ISO 9001", "ISO 14001", "AEO"],
        "names": {
            "fi": ["Perämeren Satamapalvelu Oy", "Tornion Rahtiliikenne Oy"],
            "en": ["Bothnian Freight Oy"],
        },
        "fi": {
            "intro": [
                "{name} hoitaa kuljetuksia ja satamalogistiikkaa Perämeren satamien kautta.",
                "{short} kuljettaa malmirikasteita, terästuotteita ja kuonatuotteita "
                "Suomessa ja Ruotsissa.",
            ],
            "body": [
                "Rajat ylittävät kuljetukset Haaparannan kautta ovat arkipäivää.",
                "Etelään palaavalle kalustolle etsimme paluukuormia.",
            ],
            "caps": [
                "Satamaoperoinnit ja ahtaus",
                "Malmirikasteiden ja kuonatuotteiden kuljetukset",
                "Rajat ylittävä logistiikka Ruotsiin ja Norjaan",
                "Raskaskuljetukset ja projektilastit",
            ],
            "needs": [
                "Paluukuormia etelään",
                "Sivuvirtojen logistiikkaratkaisut",
            ],
            "kw": ["satama", "logistiikka", "ahtaus", "rahti", "rajat ylittävä"],
            "off": [],
            "want": [],
        },
        "en": {
            "intro": ["{name} provides stevedoring and port operations in the Bothnian Bay ports."],
            "body": ["Cross-border transport via Haparanda is everyday work."],
            "caps": [
                "Port operations and stevedoring",
                "Transport of ore concentrates and slag products",
                "Heavy transport and project cargo",
            ],
            "needs": ["Return loads to southern Finland"],
            "kw": ["port", "logistics", "stevedoring", "freight"],
            "off": [],
            "want": [],
        },
    },
]

# Non-company members and the largest customers, written out in full.
INSTITUTIONS: list[dict] = [
    {
        "role": "lahti_dev",
        "name": "Lahden Seudun Elinvoimakehitys Oy",
        "org_type": "development_company",
        "size_class": "medium",
        "employees": 58,
        "municipality": "Lahti",
        "founded_year": 1999,
        "language": "fi",
        "clusters": [MARITIME, BIOMASS],
        "industries": ["70", "82", "84"],
        "description": (
            "Lahden seudun kuntien omistama kehitysyhtiö, joka tarjoaa yrityksille neuvontaa, "
            "sijoittumispalveluita ja kansainvälistymisen tukea. Yhtiö käynnisti alueen "
            "meriklusterin vuonna 2017 yrittäjien aloitteesta ja koordinoi nykyisin myös "
            "biomassa- ja sivuvirtaklusteria. Hankerahoituksella järjestämme jäsenille "
            "tapaamisia, seminaareja, yhteismessuosastoja ja markkinakatsauspäiviä."
        ),
        "capabilities": [
            "Klusteritoiminnan koordinointi ja yritysverkostot",
            "Yhteisosastot meriteollisuuden messuilla",
            "Markkinakatsaukset: Norja, Saksa, Ranska, Italia ja Tanska",
            "Rahoitusneuvonta ja hankevalmistelu",
            "Sijoittumispalvelut alueelle muuttaville yrityksille",
        ],
        "needs": [
            "Jäsenyritysten ajantasaiset profiilit ja tarjoomat",
            "Kumppaneita kansainvälisiin klusterihankkeisiin",
        ],
        "keywords": "klusteri, elinkeinopalvelut, kansainvälistyminen, messut, yritysverkosto, "
        "sijoittuminen",
        "certifications": "",
        "export_markets": [],
        "target_markets": ["NO", "DE", "FR", "IT", "DK"],
    },
    {
        "role": "uas",
        "name": "Päijänteen ammattikorkeakoulu",
        "org_type": "university",
        "size_class": "large",
        "employees": 720,
        "municipality": "Lahti",
        "founded_year": 1996,
        "language": "fi",
        "clusters": [MARITIME, BIOMASS],
        "industries": ["85", "72"],
        "description": (
            "Monialainen ammattikorkeakoulu, jonka Lahden kampuksella koulutetaan insinöörejä, "
            "muotoilijoita ja liiketalouden osaajia. Soveltavassa tutkimuksessa painottuvat "
            "kiertotalous, materiaalit ja biohiili, ja koordinoimme alueen biohiiliverkostoa. "
            "Yritykset pääsevät hyödyntämään laboratorioitamme ja opiskelijaprojekteja."
        ),
        "capabilities": [
            "Biohiilen koelaitteisto ja pyrolyysin pilottiympäristö",
            "Kiertotalouden ja materiaalitekniikan laboratoriot",
            "Hitsauslaboratorio ja konetekniikan koulutus",
            "Opinnäytetyöt, harjoittelijat ja projektikurssit yrityksille",
            "Muotoilun ja käyttäjäkokemuksen kehitysprojektit",
            "Kansainvälisten TKI-hankkeiden valmistelu",
        ],
        "needs": [
            "Yrityskumppaneita TKI-hankkeisiin",
            "Harjoittelupaikkoja opiskelijoille meriteollisuudesta",
            "Sivuvirtanäytteitä opetus- ja tutkimuskäyttöön",
        ],
        "keywords": "ammattikorkeakoulu, TKI, biohiili, kiertotalous, harjoittelu, "
        "opinnäytetyö, laboratoriot",
        "certifications": "ISO 14001",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "university",
        "name": "Järvi-Suomen teknillinen yliopisto, Lahden kampus",
        "org_type": "university",
        "size_class": "medium",
        "employees": 190,
        "municipality": "Lahti",
        "founded_year": 1969,
        "language": "fi",
        "clusters": [BIOMASS, MARITIME],
        "industries": ["85", "72"],
        "description": (
            "Teknillisen yliopiston Lahden kampus tutkii kestävää energiaa, kuitu- ja "
            "biomassateknologiaa sekä kiertotalouden liiketoimintamalleja. Kampuksella on "
            "pilot-mittakaavan laitteistoja kuitujen käsittelyyn ja biomassojen termiseen "
            "konversioon. Vedämme biomassa- ja kuituklusterin tutkimusyhteistyötä ja "
            "teemme tilaustutkimusta yrityksille."
        ),
        "capabilities": [
            "Kuitu- ja biomassatutkimuksen pilottilaitteistot",
            "Materiaalianalytiikka ja laboratoriopalvelut",
            "Elinkaari- ja hiilijalanjälkilaskenta",
            "Akkujärjestelmien ja sähkötekniikan tutkimus",
            "Diplomityöt ja yritysten tutkimusprojektit",
        ],
        "needs": [
            "Teollisuuskumppaneita pilotointiin",
            "Sivuvirtanäytteitä tutkimukseen",
            "Yhteisrahoitteisia tutkimushankkeita",
        ],
        "keywords": "yliopisto, tutkimus, biomassa, kuitu, kiertotalous, elinkaariarviointi, "
        "pilotointi",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "research",
        "name": "Hämeen biotalouden tutkimuslaitos",
        "org_type": "research_institute",
        "size_class": "medium",
        "employees": 64,
        "municipality": "Hollola",
        "founded_year": 1988,
        "language": "fi",
        "clusters": [BIOMASS],
        "industries": ["72", "71"],
        "description": (
            "Valtion rahoittama tutkimuslaitos, joka selvittää biomassojen ja sivuvirtojen "
            "ominaisuuksia ja turvallista hyödyntämistä. Akkreditoitu laboratoriomme "
            "analysoi tuhkia, biohiiliä, kompostia ja kuitujakeita. Kenttäkokeet "
            "maanparannusaineille tehdään omilla koealoillamme."
        ),
        "capabilities": [
            "Laboratorioanalyysit: tuhka, biohiili, ravinteet ja haitta-aineet",
            "Biomassojen ja sivuvirtojen karakterisointi",
            "Kenttäkokeet maanparannusaineille",
            "Pyrolyysin ja kaasutuksen koelaitteistot",
        ],
        "needs": [
            "Yrityksiä mukaan tutkimushankkeisiin",
            "Pitkäaikaisia näytesarjoja sivuvirroista",
        ],
        "keywords": "tutkimus, laboratorio, sivuvirrat, tuhka, biohiili, maanparannus",
        "certifications": "ISO/IEC 17025",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "pilot_hall",
        "name": "Materiaalikiertojen Testauskeskus Oy",
        "org_type": "research_institute",
        "size_class": "small",
        "employees": 14,
        "municipality": "Lahti",
        "founded_year": 2019,
        "language": "fi",
        "clusters": [BIOMASS],
        "industries": ["72", "71", "38"],
        "description": (
            "Kaupungin ja korkeakoulujen yhteisesti omistama testauskeskus kierrätyspuistossa. "
            "Vuokraamme pilottihallia ja laitteita yrityksille, jotka haluavat kokeilla "
            "sivuvirtojen käsittelyä ennen omaa investointia. Henkilökuntamme auttaa "
            "koeajojen suunnittelussa ja tulosten raportoinnissa."
        ),
        "capabilities": [
            "Pilot-mittakaavan infrastruktuuri: kuivaus, murskaus, seulonta ja pelletointi",
            "Pilottiympäristö muottipuristukseen ja kuitumateriaaleille",
            "Vuokrattavat pilottihallit ja koeajot",
            "Materiaalikiertojen testaus ja tuotteistus",
        ],
        "needs": [
            "Yrityksiä pilottiasiakkaiksi",
            "Laitetoimittajia uusiin koelinjoihin",
        ],
        "keywords": "pilotointi, testauskeskus, kierrätyspuisto, koeajot, infrastruktuuri",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "fin_fund",
        "name": "Päijät-Hämeen Kasvurahasto Oy",
        "org_type": "financier",
        "size_class": "micro",
        "employees": 6,
        "municipality": "Lahti",
        "founded_year": 2011,
        "language": "fi",
        "clusters": [MARITIME, BIOMASS],
        "industries": ["64", "66"],
        "description": (
            "Alueellinen pääomasijoittaja, joka sijoittaa päijäthämäläisiin teknologia- ja "
            "kiertotalousyrityksiin. Tyypillinen ensisijoitus on 200 000–1 000 000 euroa, ja "
            "olemme mukana hallitustyössä. Kiinnostavimpia ovat yritykset, joiden "
            "kasvu perustuu vientiin."
        ),
        "capabilities": [
            "Pääomasijoitukset kasvuyrityksiin",
            "Kasvurahoitus ja hallitustyöskentely",
            "Rahoituskierrosten valmistelu yhdessä muiden sijoittajien kanssa",
        ],
        "needs": ["Kasvuhakuisia sijoituskohteita kiertotaloudesta ja meriteollisuudesta"],
        "keywords": "pääomasijoitus, kasvurahoitus, venture capital, kiertotalous",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "fin_bank",
        "name": "Järvi-Hämeen Säästöpankki",
        "org_type": "financier",
        "size_class": "medium",
        "employees": 118,
        "municipality": "Lahti",
        "founded_year": 1872,
        "language": "fi",
        "clusters": [MARITIME, BIOMASS],
        "industries": ["64"],
        "description": (
            "Paikallinen säästöpankki, jonka yritysasiakkaina on satoja alueen pk-yrityksiä. "
            "Rahoitamme koneinvestointeja, toimitiloja ja käyttöpääomaa sekä myönnämme "
            "vientitakauksia yhdessä valtion erityisrahoittajan kanssa."
        ),
        "capabilities": [
            "Investointien ja koneiden rahoitus",
            "Käyttöpääoma- ja vientirahoitus",
            "Takaukset ja leasing",
        ],
        "needs": ["Uusia yritysasiakkaita teollisuudesta"],
        "keywords": "pankki, yritysrahoitus, investoinnit, leasing, takaukset",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "fin_blue",
        "name": "Blue Industry Growth Partners Oy",
        "org_type": "financier",
        "size_class": "micro",
        "employees": 8,
        "municipality": "Helsinki",
        "founded_year": 2016,
        "language": "en",
        "clusters": [MARITIME],
        "industries": ["64", "66", "70"],
        "description": (
            "A venture fund investing in maritime technology companies in the Nordic and "
            "Baltic region. We back electrification, automation and energy-efficiency "
            "solutions for shipping, typically as lead investor. Besides capital we bring "
            "a network of ship owners and yards."
        ),
        "capabilities": [
            "Equity investments in maritime technology companies",
            "Growth funding and board work",
            "Introductions to ship owners and shipyards",
        ],
        "needs": ["Investment targets in ship electrification and automation"],
        "keywords": "venture capital, maritime technology, growth funding, electrification",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "public_ph",
        "name": "Päijät-Hämeen yrityspalvelukeskus",
        "org_type": "public_body",
        "size_class": "small",
        "employees": 34,
        "municipality": "Lahti",
        "founded_year": 2015,
        "language": "fi",
        "clusters": [MARITIME, BIOMASS],
        "industries": ["84"],
        "description": (
            "Maakunnan julkinen yrityspalvelu, joka auttaa pk-yrityksiä markkinoinnissa, "
            "vientivalmiuksien kehittämisessä ja kehittämisrahoituksen hakemisessa. Toimimme "
            "välittäjänä yritysten, korkeakoulujen ja kansallisten rahoittajien välillä "
            "älykkään erikoistumisen painopisteiden mukaisesti."
        ),
        "capabilities": [
            "Kansainvälistymisneuvonta ja vientivalmiuden kehittäminen",
            "Kehittämisavustukset ja rahoitusneuvonta",
            "Markkinointi- ja vientiosaamisen koulutukset",
        ],
        "needs": ["Yritysten kansainvälistymistarpeiden tunnistaminen"],
        "keywords": "yrityspalvelut, kansainvälistyminen, vienti, rahoitusneuvonta",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "yard_turku",
        "name": "Aurajoen Laivatelakka Oy",
        "org_type": "company",
        "size_class": "large",
        "employees": 1450,
        "municipality": "Turku",
        "founded_year": 1938,
        "language": "fi",
        "clusters": [MARITIME],
        "industries": ["30", "33"],
        "description": (
            "Risteilyalusten ja autolauttojen rakentamiseen keskittynyt telakka Turussa. "
            "Laivan arvosta valtaosa syntyy toimittajaverkostossa, ja haemme jatkuvasti "
            "kotimaisia kumppaneita lohkoihin, varusteluun ja sisustukseen. Meriklusterin "
            "yritykset ovat tuttuja toimittajiamme."
        ),
        "capabilities": [
            "Risteilyalusten ja autolauttojen rakentaminen",
            "Kuivatelakka ja laivanrakennuksen infrastruktuuri",
            "Toimittajaverkoston kehittäminen ja auditoinnit",
        ],
        "needs": [
            "Laivalohkojen osakokoonpanoja ja varustelurakenteita",
            "Hyttikalusteita ja sisustusurakoita julkisiin tiloihin",
            "Ilmanvaihtokanavia ja LVI-urakoita",
            "Sähköasennus ja kaapelointi",
        ],
        "keywords": "telakka, risteilyalukset, laivanrakennus, autolautat",
        "certifications": "ISO 9001, ISO 14001, ISO 45001",
        "export_markets": ["DE", "US", "IT", "GB", "NO"],
        "target_markets": ["US", "DE", "IT"],
    },
    {
        "role": "yard_kotka",
        "name": "Kotkan Työvenetelakka Oy",
        "org_type": "company",
        "size_class": "medium",
        "employees": 86,
        "municipality": "Kotka",
        "founded_year": 1979,
        "language": "fi",
        "clusters": [MARITIME],
        "industries": ["30", "33"],
        "description": (
            "Rakennamme ja korjaamme hinaajia, luotsiveneitä ja saaristoliikenteen lauttoja. "
            "Uusista aluksista yhä useampi on hybridi, joten tarvitsemme kumppaneita "
            "akkujärjestelmiin ja sähköiseen propulsioon."
        ),
        "capabilities": [
            "Työveneiden ja pienten lauttojen rakentaminen",
            "Alusten korjaus ja telakointi",
            "Hybridialusten integrointi",
        ],
        "needs": [
            "Potkurilaitteet ja ohjailupotkurit",
            "Akkujärjestelmät hybridityöveneisiin",
            "Kansinosturit ja vinssit",
        ],
        "keywords": "telakka, työveneet, hinaajat, lautat, hybridi",
        "certifications": "ISO 9001, ISO 14001",
        "export_markets": ["SE", "NO", "EE"],
        "target_markets": ["NO", "SE"],
    },
    {
        "role": "ferry",
        "name": "Archipelago Line Ferries Oy",
        "org_type": "company",
        "size_class": "medium",
        "employees": 170,
        "municipality": "Turku",
        "founded_year": 1987,
        "language": "en",
        "clusters": [MARITIME],
        "industries": ["50", "52"],
        "description": (
            "We operate eleven road ferries and archipelago vessels on the Finnish south-west "
            "coast. Two ferries are due for a hybrid conversion in the coming years, and we "
            "want to use suppliers who can also service the equipment for decades."
        ),
        "capabilities": [
            "Ferry operation and crew training",
            "Test platform for new maritime technology on scheduled routes",
            "Operating data from eleven vessels for product development",
        ],
        "needs": [
            "Hybrid retrofit of two ferries",
            "Propeller service agreements",
            "Condition monitoring of propulsion machinery",
        ],
        "keywords": "ferries, ship owner, hybrid retrofit, archipelago",
        "certifications": "ISO 14001, ISM Code",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "outfitter",
        "name": "Rauman Varustelu ja Asennus Oy",
        "org_type": "company",
        "size_class": "medium",
        "employees": 140,
        "municipality": "Rauma",
        "founded_year": 1992,
        "language": "fi",
        "clusters": [MARITIME],
        "industries": ["33", "43", "30"],
        "description": (
            "Toimimme telakoiden pääurakoitsijana varustelu- ja asennuskokonaisuuksissa. "
            "Kokoamme toimituksiin alihankkijoita Lahden seudulta, koska alueella on "
            "monipuolista konepaja- ja eristysosaamista."
        ),
        "capabilities": [
            "Varustelu- ja asennusurakat telakoilla",
            "Projektinjohto ja alihankintaketjun hallinta",
            "Hyttimoduulien ja märkätilojen asennus",
        ],
        "needs": [
            "A60-paloeristeet ja eristysasennus",
            "Portaat, hoitotasot ja kaiteet",
            "Hitsaajia ja asentajia vuokratyönä",
        ],
        "keywords": "varustelu, asennus, telakat, urakointi",
        "certifications": "ISO 9001, ISO 45001",
        "export_markets": ["DE", "FR"],
        "target_markets": ["DE", "FR"],
    },
    {
        "role": "lapland_dev",
        "name": "Perämeren Teollisuuskehitys Oy",
        "org_type": "development_company",
        "size_class": "small",
        "employees": 27,
        "municipality": "Kemi",
        "founded_year": 1991,
        "language": "fi",
        "clusters": [LAPLAND],
        "industries": ["70", "82"],
        "description": (
            "Kehitysyhtiö, joka vetää arktista teollisuus- ja kiertotalousklusteria ja "
            "teollista kiertotalouskeskusta. Klusteri on saanut eurooppalaisen "
            "klusterijohtamisen hopeatason merkinnän. Autamme lappilaisia pk-yrityksiä "
            "verkostoitumaan eurooppalaisten kumppanien kanssa ja hakemaan EU-rahoitusta."
        ),
        "capabilities": [
            "Teollisen kiertotalouskeskuksen koordinointi",
            "Klusteritoiminta ja eurooppalaiset klusteriverkostot",
            "Hankevalmistelu ja EU-rahoitusneuvonta",
            "Yritysdelegaatiot ja B2B-tapaamiset",
        ],
        "needs": ["Pk-yrityksiä kansainvälisiin hankkeisiin"],
        "keywords": "klusteri, kiertotalous, EU-rahoitus, kehitysyhtiö, arktinen teollisuus",
        "certifications": "",
        "export_markets": [],
        "target_markets": ["SE", "NO", "DE"],
    },
    {
        "role": "lapland_uas",
        "name": "Kemijoen ammattikorkeakoulu",
        "org_type": "university",
        "size_class": "large",
        "employees": 460,
        "municipality": "Rovaniemi",
        "founded_year": 1996,
        "language": "fi",
        "clusters": [LAPLAND],
        "industries": ["85", "72"],
        "description": (
            "Ammattikorkeakoulu, jolla on kampukset Rovaniemellä, Kemissä ja Torniossa. "
            "Teollisuuden ja kaivosalan koulutuksen lisäksi teemme soveltavaa tutkimusta "
            "kylmäolosuhteiden testauksesta, kunnossapidosta ja kiertotaloudesta."
        ),
        "capabilities": [
            "Kylmäolosuhteiden testauslaboratorio",
            "Kunnossapidon ja teollisuuden digitalisaation koulutus",
            "Opinnäytetyöt ja harjoittelijat yrityksille",
            "Kiertotalouden TKI-hankkeet",
        ],
        "needs": ["Yrityskumppaneita TKI-hankkeisiin", "Harjoittelupaikkoja opiskelijoille"],
        "keywords": "ammattikorkeakoulu, kylmätestaus, kunnossapito, kiertotalous, koulutus",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "lapland_univ",
        "name": "Perämeren yliopistokeskus",
        "org_type": "university",
        "size_class": "small",
        "employees": 45,
        "municipality": "Tornio",
        "founded_year": 2004,
        "language": "fi",
        "clusters": [LAPLAND],
        "industries": ["85", "72"],
        "description": (
            "Yliopistojen yhteinen yksikkö, joka tuo metallurgian, kaivostekniikan ja "
            "prosessitekniikan tutkimusta lähelle Perämeren teollisuutta. Laboratoriossamme "
            "tutkitaan kuonien, pölyjen ja rikastushiekan koostumusta ja hyödyntämistä."
        ),
        "capabilities": [
            "Metallurgian ja kaivostekniikan tutkimus",
            "Sivuvirtojen karakterisointi ja laboratorioanalyysit",
            "Täydennyskoulutus teollisuudelle",
        ],
        "needs": ["Teollisuuden rahoittamia tutkimushankkeita"],
        "keywords": "yliopisto, metallurgia, kaivostekniikka, kuona, tutkimus",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "lapland_research",
        "name": "Arctic Materials Research Centre",
        "org_type": "research_institute",
        "size_class": "small",
        "employees": 38,
        "municipality": "Rovaniemi",
        "founded_year": 2009,
        "language": "en",
        "clusters": [LAPLAND],
        "industries": ["72", "71"],
        "description": (
            "An independent research centre for minerals, metals and materials in arctic "
            "conditions. We characterise slags, tailings and mine waters and run "
            "pilot-scale leaching and flotation trials. Most projects are co-funded with "
            "companies and EU programmes."
        ),
        "capabilities": [
            "Characterisation of slags, tailings and mine waters",
            "Pilot-scale leaching and flotation equipment",
            "Life-cycle assessment for mining and metals",
            "Cold-climate materials testing",
        ],
        "needs": ["Industrial partners for EU projects", "Samples of new side streams"],
        "keywords": "research, tailings, slag, pilot plant, arctic materials",
        "certifications": "ISO/IEC 17025",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "lapland_fin",
        "name": "Lapin Teollisuusrahoitus Oy",
        "org_type": "financier",
        "size_class": "micro",
        "employees": 5,
        "municipality": "Rovaniemi",
        "founded_year": 2014,
        "language": "fi",
        "clusters": [LAPLAND],
        "industries": ["64", "66"],
        "description": (
            "Lappilaisten kuntien ja yksityisten sijoittajien rahasto, joka rahoittaa "
            "teollisuuden kasvuyrityksiä ja kiertotalouden demonstraatioita. Yhdistämme "
            "pääomasijoituksia ja julkista rahoitusta."
        ),
        "capabilities": [
            "Investointien ja demonstraatiolaitosten rahoitus",
            "Pääomasijoitukset kiertotalousyrityksiin",
            "Rahoitusneuvonta EU-hankkeisiin",
        ],
        "needs": ["Sijoituskohteita Lapin teollisuudesta"],
        "keywords": "rahoitus, pääomasijoitus, kiertotalous, demonstraatio",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
    {
        "role": "lapland_public",
        "name": "Kemi-Tornion elinkeinopalvelut",
        "org_type": "public_body",
        "size_class": "small",
        "employees": 16,
        "municipality": "Tornio",
        "founded_year": 2008,
        "language": "fi",
        "clusters": [LAPLAND],
        "industries": ["84"],
        "description": (
            "Kuntien yhteinen elinkeinoyksikkö, joka palvelee alueelle sijoittuvia ja "
            "täällä jo toimivia yrityksiä. Tarjoamme teollisuustontteja, neuvontaa ja "
            "yhteyksiä rajan yli Haaparannan yrityksiin."
        ),
        "capabilities": [
            "Teollisuustonttien ja toimitilojen välitys",
            "Sijoittumispalvelut uusille yrityksille",
            "Yritysneuvonta ja rajat ylittävät yhteydet",
        ],
        "needs": ["Investoijia teollisuusalueille"],
        "keywords": "elinkeinopalvelut, sijoittuminen, teollisuustontit, yritysneuvonta",
        "certifications": "",
        "export_markets": [],
        "target_markets": [],
    },
]

# Sector-level municipality overrides (a place word in the name still wins over the pool).
SECTOR_TOWNS: dict[str, list[tuple[str, int]]] = {
    "steel_mill": [("Tornio", 1)],
    "mining": [("Sodankylä", 2), ("Kemi", 1), ("Kemijärvi", 1)],
    "mining_services": [("Sodankylä", 2), ("Rovaniemi", 1), ("Kemi", 1)],
    "arctic_testing": [("Rovaniemi", 2), ("Sodankylä", 2), ("Kemijärvi", 1)],
    "tourism_industry": [("Rovaniemi", 2), ("Sodankylä", 1), ("Kemijärvi", 1)],
    "lapland_logistics": [("Kemi", 1), ("Tornio", 1)],
}

SLUG_OVERRIDES = {
    "Järvi-Suomen teknillinen yliopisto, Lahden kampus": "jarvi-suomen-teknillinen-yliopisto",
}

_LEGAL_SUFFIX = re.compile(r"\s+(Oy|Oyj|Ab|Ky|Ltd|Oy Ab)$")
MOBILE_PREFIXES = ["40", "44", "45", "50", "41", "46"]


def ascii_fold(text: str) -> str:
    """'Ä' -> 'A', 'ö' -> 'o', 'å' -> 'a' and so on; drops other non-ASCII marks."""
    decomposed = unicodedata.normalize("NFKD", text)
    return (
        "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        .encode("ascii", "ignore")
        .decode("ascii")
    )


def short_name(name: str) -> str:
    """Company name without its legal form: 'Saha Koivula Oy' -> 'Saha Koivula'."""
    return _LEGAL_SUFFIX.sub("", name)


def slugify(name: str) -> str:
    if name in SLUG_OVERRIDES:
        return SLUG_OVERRIDES[name]
    text = ascii_fold(short_name(name)).lower().replace("&", " ")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def business_id_check_digit(digits: str) -> int | None:
    """Check digit of a Finnish business ID (Y-tunnus) body of seven digits.

    Returns None when the body cannot carry a valid check digit (remainder 1).
    """
    weights = (7, 9, 10, 5, 8, 4, 2)
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def _business_id(rng: random.Random, used: set[str]) -> str:
    while True:
        body = f"{rng.randint(500000, 3399999):07d}"
        check = business_id_check_digit(body)
        if check is None:
            continue
        bid = f"{body}-{check}"
        if bid not in used:
            used.add(bid)
            return bid


def _weighted_choice(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    items = [p[0] for p in pairs]
    weights = [p[1] for p in pairs]
    return rng.choices(items, weights=weights, k=1)[0]


def _weighted_sample(rng: random.Random, items: list[str], weights: list[float], k: int):
    items, weights = list(items), list(weights)
    out: list[str] = []
    for _ in range(min(k, len(items))):
        i = rng.choices(range(len(items)), weights=weights, k=1)[0]
        out.append(items.pop(i))
        weights.pop(i)
    return out


def _some(rng: random.Random, pool: list[str], lo: int, hi: int) -> list[str]:
    hi = min(hi, len(pool))
    lo = min(lo, hi)
    return rng.sample(pool, rng.randint(lo, hi)) if hi else []


def _town(rng: random.Random, name: str, sector_key: str, cluster: str, local: bool) -> str:
    """Municipality: sector override, else a place named in the company name, else the pool.

    ``local`` keeps maritime companies inside Päijät-Häme (partners from the coast are only
    drawn for the later organisations of a sector).
    """
    if sector_key in SECTOR_TOWNS:
        return _weighted_choice(rng, SECTOR_TOWNS[sector_key])
    for word in name.split():
        if word in NAME_PLACES:
            return NAME_PLACES[word]
    return _weighted_choice(
        rng, PAIJAT_HAME if local and cluster == MARITIME else TOWN_POOLS[cluster]
    )


def _markets(rng: random.Random, cluster: str, size: str) -> tuple[list[str], list[str]]:
    lo, hi = {"micro": (0, 2), "small": (1, 4), "medium": (2, 6), "large": (4, 9)}[size]
    pool = EXPORT_POOLS[cluster]
    weights = [len(pool) - i for i in range(len(pool))]  # nearby markets first
    exports = _weighted_sample(rng, pool, weights, rng.randint(lo, hi))
    tw = TARGET_WEIGHTS.get(cluster, {})
    candidates = [m for m in TARGET_MARKETS if m not in exports] or list(TARGET_MARKETS)
    targets = _weighted_sample(
        rng, candidates, [tw.get(m, 1) for m in candidates], rng.randint(1, 3)
    )
    return exports, targets


def _contacts(
    rng: random.Random, org_type: str, lang: str, domain: str, size: str, used: set[str]
) -> list[dict]:
    n = {"micro": rng.randint(1, 2), "small": rng.randint(1, 3)}.get(size, rng.randint(2, 3))
    titles_pool = TITLES[org_type][lang]
    titles = [titles_pool[0]] + rng.sample(titles_pool[1:], n - 1)
    if org_type != "company":
        rng.shuffle(titles)
    out = []
    for i, title in enumerate(titles):
        while True:
            first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
            email = f"{ascii_fold(first).lower()}.{ascii_fold(last).lower()}@{domain}"
            if email not in used:
                used.add(email)
                break
        phone = (
            f"+358 {rng.choice(MOBILE_PREFIXES)} {rng.randint(100, 999)} {rng.randint(1000, 9999)}"
        )
        if i == 0:
            visibility = "public" if rng.random() < 0.6 else "members"
        else:
            visibility = _weighted_choice(rng, [("members", 6), ("public", 2), ("private", 2)])
        out.append(
            {
                "name": f"{first} {last}",
                "title": title,
                "email": email,
                "phone": phone,
                "visibility": visibility,
            }
        )
    return out


def _lines(rng: random.Random, pool: list[str], lo: int, hi: int) -> list[str]:
    """The core (first) line plus a random selection of the others, shuffled."""
    if not pool:
        return []
    rest = _some(rng, pool[1:], max(lo - 1, 0), hi - 1)
    chosen = [pool[0], *rest]
    rng.shuffle(chosen)
    return chosen


def _describe(rng: random.Random, bank: dict, cluster: str, lang: str, fmt: dict) -> str:
    sentences = [rng.choice(bank["intro"])]
    sentences += rng.sample(bank["body"], min(len(bank["body"]), rng.choice((1, 1, 2))))
    if rng.random() < 0.5:
        sentences.append(rng.choice(CLOSERS[cluster][lang]))
    elif len(bank["body"]) > len(sentences) - 1 and len(sentences) < 3:
        sentences.append(rng.choice([s for s in bank["body"] if s not in sentences]))
    return " ".join(s.format(**fmt) for s in sentences[:4])


def _sector_org(
    rng: random.Random,
    sector: dict,
    lang: str,
    name: str,
    ids: set[str],
    emails: set[str],
    first: bool = False,
    override: dict | None = None,
) -> dict:
    cluster = sector["cluster"]
    override = override or {}
    size = _weighted_choice(rng, override.get("sizes", sector["sizes"]))
    employees = rng.randint(*SIZE_EMPLOYEES[size])
    town = _town(rng, name, sector["key"], cluster, local=first)
    year = rng.randint(*sector["founded"])
    bank = {**sector[lang], **override}
    slug = slugify(name)
    domain = f"{slug}.fi"
    fmt = {
        "name": name,
        "short": short_name(name),
        "town": town,
        "town_in": TOWNS[town][0] if lang == "fi" else town,
        "year": year,
        "emp": employees,
    }
    clusters = [cluster] + [c for c, p in sector["also"].items() if rng.random() < p]
    if first:
        # The first organisation of a sector lists its sector's side streams in full, so
        # every designed material loop has at least one end in the data.
        offered, wanted = bank["off"][:3], bank["want"][:4]
    else:
        stream_p = 0.65 if cluster == MARITIME else 1.0
        offered = _lines(rng, bank["off"], 1, 3) if rng.random() < stream_p else []
        wanted = _lines(rng, bank["want"], 1, 3)
    n_certs = {"micro": (0, 1), "small": (0, 2), "medium": (1, 3), "large": (2, 4)}[size]
    exports, targets = _markets(rng, cluster, size)
    return {
        "key": slug,
        "name": name,
        "business_id": _business_id(rng, ids),
        "org_type": "company",
        "size_class": size,
        "employees": employees,
        "municipality": town,
        "website": f"https://www.{domain}",
        "founded_year": year,
        "language": lang,
        "description": _describe(rng, bank, cluster, lang, fmt),
        "capabilities": "\n".join(_lines(rng, bank["caps"], 3, 6)),
        "needs": "\n".join(_lines(rng, bank["needs"], 1, 4)),
        "side_streams_offered": "\n".join(offered),
        "side_streams_wanted": "\n".join(wanted),
        "keywords": ", ".join(_some(rng, bank["kw"], 4, 7)),
        "certifications": ", ".join(_some(rng, sector["certs"], *n_certs)),
        "industries": [sector["industries"][0]]
        + _some(rng, sector["industries"][1:], 0, len(sector["industries"]) - 1),
        "export_markets": exports,
        "target_markets": targets,
        "contacts": _contacts(rng, "company", lang, domain, size, emails),
        "clusters": clusters,
    }


def _institution_org(rng: random.Random, inst: dict, ids: set[str], emails: set[str]) -> dict:
    slug = slugify(inst["name"])
    domain = f"{slug}.fi"
    return {
        "key": slug,
        "name": inst["name"],
        "business_id": _business_id(rng, ids),
        "org_type": inst["org_type"],
        "size_class": inst["size_class"],
        "employees": inst["employees"],
        "municipality": inst["municipality"],
        "website": f"https://www.{domain}",
        "founded_year": inst["founded_year"],
        "language": inst["language"],
        "description": inst["description"],
        "capabilities": "\n".join(inst["capabilities"]),
        "needs": "\n".join(inst["needs"]),
        "side_streams_offered": "",
        "side_streams_wanted": "",
        "keywords": inst["keywords"],
        "certifications": inst["certifications"],
        "industries": list(inst["industries"]),
        "export_markets": list(inst["export_markets"]),
        "target_markets": list(inst["target_markets"]),
        "contacts": _contacts(
            rng, inst["org_type"], inst["language"], domain, inst["size_class"], emails
        ),
        "clusters": list(inst["clusters"]),
    }


def _build_organisations(rng: random.Random) -> tuple[list[dict], dict[str, list[dict]]]:
    ids: set[str] = set()
    emails: set[str] = set()
    orgs: list[dict] = []
    by_role: dict[str, list[dict]] = {}
    for inst in INSTITUTIONS:
        org = _institution_org(rng, inst, ids, emails)
        orgs.append(org)
        by_role[inst["role"]] = [org]
    for sector in SECTORS:
        fi_names = list(sector["names"]["fi"])
        en_names = list(sector["names"]["en"]) if sector["en"]["intro"] else []
        rng.shuffle(fi_names)
        rng.shuffle(en_names)
        made = []
        for i in range(sector["count"]):
            # The first organisation of every sector writes in Finnish; after that about
            # about half write in English while English names last.
            english = i > 0 and en_names and (rng.random() < 0.5 or not fi_names)
            entry = en_names.pop() if english else fi_names.pop()
            # A name may carry its own phrases: (name, {"intro": [...], "caps": [...]}).
            name, override = entry if isinstance(entry, tuple) else (entry, None)
            lang = "en" if english else "fi"
            org = _sector_org(rng, sector, lang, name, ids, emails, i == 0, override)
            made.append(org)
        orgs.extend(made)
        by_role[sector["key"]] = made
    return orgs, by_role


def _users(by_role: dict[str, list[dict]]) -> list[dict]:
    users = [
        {
            "email": "admin@matchmaker.example",
            "name": "Matchmaker-ylläpito",
            "password": ADMIN_PASSWORD,
            "org_key": None,
            "org_role": "member",
            "coordinator_of": [],
            "site_admin": True,
            "locale": "fi",
        },
        {
            "email": "koordinaattori@meriklusteri.example",
            "name": "Katja Ahonen",
            "password": COORDINATOR_PASSWORD,
            "org_key": by_role["lahti_dev"][0]["key"],
            "org_role": "admin",
            "coordinator_of": [MARITIME, BIOMASS],
            "site_admin": False,
            "locale": "fi",
        },
        {
            "email": "koordinaattori@arktinenklusteri.example",
            "name": "Juho Keskitalo",
            "password": COORDINATOR_PASSWORD,
            "org_key": by_role["lapland_dev"][0]["key"],
            "org_role": "admin",
            "coordinator_of": [LAPLAND],
            "site_admin": False,
            "locale": "fi",
        },
    ]
    prop = by_role["propulsion"][0]
    domain = prop["website"].removeprefix("https://www.")
    contacts = prop["contacts"]
    users.append(
        {
            "email": f"yllapito@{domain}",
            "name": contacts[0]["name"],
            "password": MEMBER_PASSWORD,
            "org_key": prop["key"],
            "org_role": "admin",
            "coordinator_of": [],
            "site_admin": False,
            "locale": "fi",
        }
    )
    users.append(
        {
            "email": f"jasen@{domain}",
            "name": contacts[1]["name"] if len(contacts) > 1 else "Jenni Hakala",
            "password": MEMBER_PASSWORD,
            "org_key": prop["key"],
            "org_role": "member",
            "coordinator_of": [],
            "site_admin": False,
            "locale": "fi",
        }
    )
    # One organisation admin in ten other organisations, logging in with their contact e-mail.
    picks = [
        ("machining", 0),
        ("steel", 0),
        ("interiors", 0),
        ("electrification", 1),
        ("automation", 1),
        ("hvac", 0),
        ("sawmill", 0),
        ("biochar", 0),
        ("biomaterials", 1),
        ("circular", 0),
        ("arctic_testing", 0),
        ("steel_mill", 0),
    ]
    for role, index in picks:
        orgs = by_role[role]
        org = orgs[min(index, len(orgs) - 1)]
        contact = org["contacts"][0]
        users.append(
            {
                "email": contact["email"],
                "name": contact["name"],
                "password": MEMBER_PASSWORD,
                "org_key": org["key"],
                "org_role": "admin",
                "coordinator_of": [],
                "site_admin": False,
                "locale": org["language"],
            }
        )
    return users


def build_demo(seed: int = SEED) -> dict:
    """Clusters, organisations and users as plain data; equal output for equal seeds."""
    rng = random.Random(seed)
    orgs, by_role = _build_organisations(rng)
    return {
        "clusters": [dict(c) for c in CLUSTERS],
        "organisations": orgs,
        "users": _users(by_role),
    }


def _demo_logins() -> list[tuple[str, str, str]]:
    data = build_demo()
    names = {o["key"]: o["name"] for o in data["organisations"]}
    out = []
    for user in data["users"]:
        if user["site_admin"]:
            label = "Site admin"
        elif user["coordinator_of"]:
            label = "Coordinator (" + ", ".join(user["coordinator_of"]) + ")"
        else:
            label = f"Organisation {user['org_role']} ({names[user['org_key']]})"
        out.append((label, user["email"], user["password"]))
    return out


DEMO_LOGINS: list[tuple[str, str, str]] = _demo_logins()
