#!/usr/bin/env python3
"""Generates the demo HubSpot account served by hubspot-emulator when no real token is set:
hubspot-contacts.json (~200 contacts) and hubspot-companies.json (20 companies), both arrays of
HubSpot v3 objects exactly as the API returns them ({"id", "properties", "createdAt", "updatedAt",
"archived"}). Deterministic: the same script always writes the same bytes (python3 stdlib only).

    python3 nginx/demo/generate-sample-data.py            # rewrite both files beside this script
    python3 nginx/demo/generate-sample-data.py --check    # exit 1 if the files are out of date

Every contact carries a custom property `sample_group` naming what it exercises (custom
properties are normal in real accounts; the emulator treats them as text, so tests can filter on
it). Phones are stored the messy way real accounts hold them. Every number is valid per
libphonenumber 8.12 (Debian 12) except in the groups that say otherwise; the emulator's unit tests
check this. NANP numbers use the fictional 555-01xx range, UK ones Ofcom's drama ranges where
libphonenumber accepts them.

Groups (see CONTACTS below for the exact rows):

  canonical         John Smith, phone "(902) 555-1234": the contact the end-to-end tests find from
                    +19025551234, 902.555.1234, 1 902 555 1234. The only holder of that number.
  nanp-formats      one contact per stored format: 902.555.0143, 1-416-555-0133, +1 212 555 0155,
                    6175550188, +13125550175, (604) 555-0147, 250 555 0123, +1 (718) 555-0162,
                    1 (305) 555-0111, fullwidth digits +1 ３０５ ５５５ ０１１２.
  international     UK +44 20 7946 0018 (and 0044…, +44 (0)20… spellings), UK mobile, FR fixed and
                    mobile, BR mobile, DE fixed (+49 30 123456) and mobile, AU, JP, IN, IE, ES,
                    IT (+39 02…: Italy keeps the leading 0 in the national number), NL, CH, DK, NZ,
                    ZA, SG.
  national-foreign  national formats with the country only in `country` ("020 7946 0958",
                    "06 12 34 56 78", "(11) 3456-7890", "030 1234567"): unparseable with the
                    account's US default region, so HubSpot's searchable number is the bare digits
                    (02079460958 …) and a lookup by E.164 cannot find them through it.
  extensions        "(902) 555-0147 x123", "902-555-0148 ext. 45", "+1 416 555 0134 #77",
                    "+44 20 7946 0321 ext 12": the extension is not part of the searchable number.
  mobile-only       no `phone`, only `mobilephone` (NANP and international).
  phone-and-mobile  both set, different numbers.
  no-phone          neither set (email only).
  duplicates        (506) 555-0122 stored three times in different spellings with different
                    lastmodifieddate (2021, 2023, 2024: the newest should win); 902-555-0199 as one
                    contact's phone and a newer contact's mobile.
  collision         same national digits in two countries: +1 203 555 0143 (US) vs
                    +44 20 3555 0143 (GB) -> both 2035550143; (551) 234-5678 (US) vs
                    +52 55 1234 5678 (MX) -> both 5512345678. Only re-checking E.164 tells them apart.
  digits-in-name    "Bay 123 Golf", "Route 66 Diner", "Unit 7 Storage", "4th Street Bakery",
                    "Bond 007": name search with digits must not be mistaken for a phone search.
  unparseable       "n/a", "call reception", "555-1234" (too short), "+1 555 123 4567" (invalid
                    area code), "12345": digits-only fallback or no searchable number at all.
  tricky-text       O'Brien, Jean "JJ" Dupont, back\\slash, José Álvarez, Zoë, Søren: quoting and
                    Unicode in names and in `q`.
  smith             24 more Smiths (25 with John): name search paging with limit 10.
  company-link      associatedcompanyid with a different free-text `company` ("Acme" vs the company
                    object "Acme Corporation"): the company object's name should win; one contact
                    points at a company id that does not exist (7000000999): fall back to the text.
  filler            the rest: realistic mixed formats, mostly NANP, some UK/FR/DE; some with
                    associatedcompanyid, some with free-text company, some with neither.
"""
import json
import random
import sys
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CONTACTS_FILE = HERE / "hubspot-contacts.json"
COMPANIES_FILE = HERE / "hubspot-companies.json"
SEED = 20240517
EPOCH = datetime(2019, 1, 1, tzinfo=timezone.utc)

COMPANIES = [
    # id suffix, name, domain, city, country, phone
    (1, "Harbourview Dental", "harbourview-dental.example", "Halifax", "Canada", "+1 902 555 0100"),
    (2, "Acme Corporation", "acme.example", "New York", "United States", "+1 212 555 0100"),
    (3, "Maritime Logistics", "maritime-logistics.example", "Moncton", "Canada", "+1 506 555 0100"),
    (4, "Fundy Fisheries", "fundy.example", "Saint John", "Canada", "+1 506 555 0101"),
    (5, "Northwind Traders", "northwind.example", "Toronto", "Canada", "+1 416 555 0100"),
    (6, "Globex", "globex.example", "Boston", "United States", "+1 617 555 0100"),
    (7, "Initech", "initech.example", "Chicago", "United States", "+1 312 555 0100"),
    (8, "Umbrella Health", "umbrella-health.example", "Vancouver", "Canada", "+1 604 555 0100"),
    (9, "Stark Industries", "stark.example", "Miami", "United States", "+1 305 555 0100"),
    (10, "Wayne Enterprises", "wayne.example", "Washington", "United States", "+1 202 555 0100"),
    (11, "Lumière Paris", "lumiere.example", "Paris", "France", "+33 1 42 68 53 10"),
    (12, "Britannia Consulting", "britannia.example", "London", "United Kingdom", "+44 20 7946 0100"),
    (13, "Rio Verde Exportação", "rioverde.example", "São Paulo", "Brazil", "+55 11 3456-7800"),
    (14, "Berliner Werkstatt", "werkstatt.example", "Berlin", "Germany", "+49 30 1234560"),
    (15, "Sakura Foods", "sakura.example", "Tokyo", "Japan", "+81 3-1234-5600"),
    (16, "Dublin Digital", "dublin-digital.example", "Dublin", "Ireland", "+353 1 234 5600"),
    (17, "Costa Sol Hoteles", "costasol.example", "Málaga", "Spain", "+34 952 12 34 56"),
    (18, "Milano Design", "milano-design.example", "Milan", "Italy", "+39 02 1234 5600"),
    (19, "Alpine Watches", "alpine-watches.example", "Geneva", "Switzerland", "+41 22 123 45 60"),
    (20, "Bay 123 Golf Club", "bay123golf.example", "Dartmouth", "Canada", "+1 902 555 0123"),
]
COMPANY_BASE = 7000000000
MISSING_COMPANY = COMPANY_BASE + 999


def company_id(suffix):
    return str(COMPANY_BASE + suffix)


# Hand-written contacts: (group, firstname, lastname, phone, mobilephone, extra properties).
# extra may hold company (free text), company_ref (suffix of a company above, or "missing"),
# country, city, modified (ISO date overriding the random lastmodifieddate), created.
CONTACTS = [
    ("canonical", "John", "Smith", "(902) 555-1234", None,
     {"company": "Harbourview Dental", "company_ref": 1, "city": "Halifax", "country": "Canada"}),

    ("nanp-formats", "Marie", "Leblanc", "902.555.0143", None, {"city": "Halifax", "country": "Canada"}),
    ("nanp-formats", "Priya", "Raman", "1-416-555-0133", None, {"company_ref": 5, "country": "Canada"}),
    ("nanp-formats", "David", "Cohen", "+1 212 555 0155", None, {"company_ref": 2, "country": "United States"}),
    ("nanp-formats", "Sarah", "Walsh", "6175550188", None, {"company": "Globex", "country": "United States"}),
    ("nanp-formats", "Marcus", "Johnson", "+13125550175", None, {"company_ref": 7}),
    ("nanp-formats", "Emily", "Chen", "(604) 555-0147", None, {"company_ref": 8, "country": "Canada"}),
    ("nanp-formats", "Liam", "Tremblay", "250 555 0123", None, {"country": "Canada"}),
    ("nanp-formats", "Aisha", "Bello", "+1 (718) 555-0162", None, {"country": "United States"}),
    ("nanp-formats", "Carlos", "Mendez", "1 (305) 555-0111", None, {"company_ref": 9}),
    ("nanp-formats", "Kenji", "Watanabe", "+1 ３０５ ５５５ ０１１２", None, {"country": "United States"}),

    ("international", "Charlotte", "Davies", "+44 20 7946 0018", None,
     {"company_ref": 12, "city": "London", "country": "United Kingdom"}),
    ("international", "George", "Wright", "0044 20 7946 0321", None, {"country": "United Kingdom"}),
    ("international", "Isla", "Robinson", "+44 (0)20 7946 0959", None, {"country": "United Kingdom"}),
    ("international", "Harry", "Patel", None, "+44 7400 123456", {"country": "United Kingdom"}),
    ("international", "Camille", "Martin", "+33 6 55 55 55 55", None,
     {"company_ref": 11, "city": "Paris", "country": "France"}),
    ("international", "Hugo", "Bernard", "+33 1 42 68 53 00", None, {"city": "Paris", "country": "France"}),
    ("international", "João", "Silva", "+55 11 99999-9999", None,
     {"company_ref": 13, "city": "São Paulo", "country": "Brazil"}),
    ("international", "Ana", "Souza", "+55 21 98765-4321", None, {"city": "Rio de Janeiro", "country": "Brazil"}),
    ("international", "Lukas", "Müller", "+49 30 123456", None,
     {"company_ref": 14, "city": "Berlin", "country": "Germany"}),
    ("international", "Lena", "Schmidt", "+49 151 23456789", None, {"country": "Germany"}),
    ("international", "Jack", "Wilson", "+61 412 345 678", None, {"city": "Sydney", "country": "Australia"}),
    ("international", "Yuki", "Tanaka", "+81 90-1234-5678", None, {"company_ref": 15, "country": "Japan"}),
    ("international", "Arjun", "Sharma", "+91 98765 43210", None, {"city": "Mumbai", "country": "India"}),
    ("international", "Siobhán", "Murphy", "+353 85 012 3456", None, {"company_ref": 16, "country": "Ireland"}),
    ("international", "Lucía", "García", "+34 612 34 56 78", None, {"company_ref": 17, "country": "Spain"}),
    ("international", "Giulia", "Rossi", "+39 02 1234 5678", None, {"company_ref": 18, "country": "Italy"}),
    ("international", "Daan", "de Vries", "+31 6 12345678", None, {"country": "Netherlands"}),
    ("international", "Noah", "Keller", "+41 78 123 45 67", None, {"company_ref": 19, "country": "Switzerland"}),
    ("international", "Freja", "Jensen", "+45 32 12 34 56", None, {"country": "Denmark"}),
    ("international", "Aroha", "Ngata", None, "+64 21 123 4567", {"country": "New Zealand"}),
    ("international", "Thabo", "Nkosi", "+27 71 123 4567", None, {"country": "South Africa"}),
    ("international", "Wei", "Lim", "+65 8123 4567", None, {"country": "Singapore"}),

    ("national-foreign", "Harry", "Evans", "020 7946 0958", None, {"country": "United Kingdom"}),
    ("national-foreign", "Léa", "Dubois", "06 12 34 56 78", None, {"country": "France"}),
    ("national-foreign", "Rafael", "Costa", "(11) 3456-7890", None, {"country": "Brazil"}),
    ("national-foreign", "Jonas", "Becker", "030 1234567", None, {"country": "Germany"}),

    ("extensions", "Nathan", "Ross", "(902) 555-0147 x123", None, {"company_ref": 1}),
    ("extensions", "Olivia", "Grant", "902-555-0148 ext. 45", None, {"company_ref": 3}),
    ("extensions", "Ben", "Carter", "+1 416 555 0134 #77", None, {"company_ref": 5}),
    ("extensions", "Emma", "Hall", "+44 20 7946 0322 ext 12", None, {"company_ref": 12}),

    ("mobile-only", "Chloé", "Cormier", None, "(506) 555-0178", {"country": "Canada"}),
    ("mobile-only", "Ethan", "Wong", None, "416.555.0190", {"country": "Canada"}),
    ("mobile-only", "Pedro", "Alves", None, "+55 11 98888-7777", {"country": "Brazil"}),
    ("mobile-only", "Ava", "Thompson", None, "+44 7400 123457", {"country": "United Kingdom"}),

    ("phone-and-mobile", "Grace", "MacDonald", "(902) 555-0160", "(902) 555-0161", {"company_ref": 4}),
    ("phone-and-mobile", "Louis", "Petit", "+33 1 42 68 53 01", "+33 6 12 34 56 78", {"country": "France"}),
    ("phone-and-mobile", "Mason", "Lee", "+1 647 555 0101", "+1 647 555 0102", {"company_ref": 5}),

    ("no-phone", "Hannah", "Baker", None, None, {"company": "Freelance"}),
    ("no-phone", "Owen", "Price", None, None, {"company_ref": 6}),
    ("no-phone", "Mia", "Fischer", None, None, {"country": "Germany"}),
    ("no-phone", "Leo", "Roy", None, None, {}),

    ("duplicates", "Robert", "Leblanc", "(506) 555-0122", None,
     {"company_ref": 3, "created": "2019-03-04", "modified": "2021-02-01"}),
    ("duplicates", "Rob", "LeBlanc", "+15065550122", None,
     {"company_ref": 3, "created": "2020-05-06", "modified": "2024-03-15"}),
    ("duplicates", "Robert", "Le Blanc", "506-555-0122", None,
     {"company": "Maritime Logistics Inc.", "created": "2019-08-09", "modified": "2023-07-20"}),
    ("duplicates", "Sophie", "Martin", "+1 902 555 0199", None, {"created": "2019-02-02", "modified": "2022-01-10"}),
    ("duplicates", "Tom", "Martin", None, "902-555-0199", {"created": "2021-06-07", "modified": "2024-11-30"}),

    ("collision", "Dana", "Whitfield", "+1 203 555 0143", None, {"city": "Hartford", "country": "United States"}),
    ("collision", "Oliver", "Hughes", "+44 20 3555 0143", None, {"city": "London", "country": "United Kingdom"}),
    ("collision", "Jessica", "Moore", "(551) 234-5678", None, {"city": "Jersey City", "country": "United States"}),
    ("collision", "Miguel", "Hernández", "+52 55 1234 5678", None, {"city": "Mexico City", "country": "Mexico"}),

    ("digits-in-name", "Bay 123 Golf", None, "(902) 555-0124", None, {"company_ref": 20}),
    ("digits-in-name", "Route 66", "Diner", "+1 312 555 0166", None, {"company": "Route 66 Diner"}),
    ("digits-in-name", "Unit 7", "Storage", "416-555-0177", None, {}),
    ("digits-in-name", "4th Street", "Bakery", "617.555.0104", None, {"company": "4th Street Bakery"}),
    ("digits-in-name", "James", "Bond 007", "+44 20 7946 0007", None, {"country": "United Kingdom"}),

    ("unparseable", "Nora", "Quinn", "n/a", None, {}),
    ("unparseable", "Felix", "Grey", "call reception", None, {"company_ref": 6}),
    ("unparseable", "Ivy", "Stone", "555-1234", None, {}),
    ("unparseable", "Max", "Power", "+1 555 123 4567", None, {}),
    ("unparseable", "Ruby", "Fox", "12345", None, {}),

    ("tricky-text", "Sarah", "O'Brien", "+1 617 555 0189", None, {"company": "O'Brien & Sons"}),
    ("tricky-text", 'Jean "JJ"', "Dupont", "+33 1 99 00 12 34", None, {"country": "France"}),
    ("tricky-text", "Back\\slash", "Tester", "+1 212 555 0156", None, {}),
    ("tricky-text", "José", "Álvarez", "+34 612 34 56 79", None, {"country": "Spain"}),
    ("tricky-text", "Zoë", "Adams", "+1 202 555 0177", None, {}),
    ("tricky-text", "Søren", "Nielsen", "+45 32 12 34 57", None, {"country": "Denmark"}),

    ("company-link", "Alice", "Walker", "+1 212 555 0157", None, {"company": "Acme", "company_ref": 2}),
    ("company-link", "Victor", "Stone", "+1 617 555 0105", None, {"company": "Globex Inc", "company_ref": 6}),
    ("company-link", "Paula", "Reyes", "+1 305 555 0106", None, {"company": "Old Employer LLC", "company_ref": "missing"}),
]

SMITH_FIRST = ["Adam", "Beth", "Chris", "Diana", "Edward", "Fiona", "Gavin", "Holly", "Ian", "Julia", "Kevin",
               "Laura", "Martin", "Nina", "Oscar", "Paige", "Quentin", "Rachel", "Samuel", "Tara", "Umar",
               "Vera", "Will", "Yasmin"]
FIRST = ["Aaron", "Abigail", "Adrian", "Alexis", "Amir", "Andrea", "Bianca", "Brandon", "Caleb", "Carmen",
         "Dylan", "Elena", "Felipe", "Gemma", "Hamza", "Irene", "Jasper", "Kara", "Logan", "Maya", "Nadia",
         "Omar", "Pia", "Reza", "Selin", "Theo", "Uma", "Vikram", "Wren", "Xavier", "Yara", "Zane"]
LAST = ["Anderson", "Boucher", "Campbell", "Doucet", "Ellis", "Fraser", "Gagnon", "Hoang", "Ibrahim", "Jones",
        "Khan", "Landry", "MacLeod", "Nguyen", "Okafor", "Pelletier", "Quinlan", "Richard", "Savoie", "Taylor",
        "Usman", "Vautour", "White", "Young", "Zhang"]
NANP_AREAS = [("902", "Canada", "Halifax"), ("506", "Canada", "Moncton"), ("416", "Canada", "Toronto"),
              ("604", "Canada", "Vancouver"), ("514", "Canada", "Montreal"), ("403", "Canada", "Calgary"),
              ("212", "United States", "New York"), ("617", "United States", "Boston"),
              ("312", "United States", "Chicago"), ("202", "United States", "Washington"),
              ("305", "United States", "Miami"), ("718", "United States", "Brooklyn")]
NANP_FORMATS = ["({a}) {x}-{l}", "{a}.{x}.{l}", "1-{a}-{x}-{l}", "+1 {a} {x} {l}", "{a}{x}{l}", "+1{a}{x}{l}",
                "{a}-{x}-{l}", "+1 ({a}) {x}-{l}"]
LIFECYCLE = ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"]
LEAD_STATUS = ["NEW", "OPEN", "IN_PROGRESS", "CONNECTED", "ATTEMPTED_TO_CONTACT"]
TARGET_CONTACTS = 200


def iso(moment):
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def slug(text):
    folded = unicodedata.normalize("NFKD", text.lower())  # "hernández" -> "hernandez"
    folded = folded.replace("ø", "o").replace("æ", "ae").replace("ß", "ss")
    kept = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in " -"))
    return "-".join(kept.split()) or "contact"


def timestamps(rng, extra):
    if "created" in extra:
        created = datetime.fromisoformat(extra["created"]).replace(tzinfo=timezone.utc, hour=9)
    else:
        created = EPOCH + timedelta(minutes=rng.randrange(0, 5 * 365 * 24 * 60))
    if "modified" in extra:
        modified = datetime.fromisoformat(extra["modified"]).replace(tzinfo=timezone.utc, hour=15)
    else:
        modified = created + timedelta(minutes=rng.randrange(60, 400 * 24 * 60))
    created += timedelta(milliseconds=rng.randrange(1000))
    modified += timedelta(milliseconds=rng.randrange(1000))
    return iso(created), iso(modified)


def contact(rng, contact_id, group, first, last, phone, mobile, extra, emails):
    created, modified = timestamps(rng, extra)
    props = {"createdate": created, "hs_object_id": str(contact_id), "lastmodifieddate": modified}
    name = " ".join(part for part in (first, last) if part)
    props["firstname"] = first
    if last:
        props["lastname"] = last
    email_local = ".".join(slug(part) for part in (first, last) if part)
    domain = "example.com"
    ref = extra.get("company_ref")
    if ref == "missing":
        props["associatedcompanyid"] = str(MISSING_COMPANY)
    elif ref is not None:
        props["associatedcompanyid"] = company_id(ref)
        domain = COMPANIES[ref - 1][2]
    if group != "no-phone" or contact_id % 2 == 0:
        email, n = f"{email_local}@{domain}", 1
        while email in emails:  # HubSpot keeps emails unique
            n += 1
            email = f"{email_local}{n}@{domain}"
        emails.add(email)
        props["email"] = email
    if phone:
        props["phone"] = phone
    if mobile:
        props["mobilephone"] = mobile
    for key in ("company", "city", "country"):
        if key in extra:
            props[key] = extra[key]
    props["lifecyclestage"] = rng.choice(LIFECYCLE)
    if rng.random() < 0.4:
        props["hs_lead_status"] = rng.choice(LEAD_STATUS)
    props["sample_group"] = group
    assert name
    return {"id": str(contact_id), "properties": dict(sorted(props.items())), "createdAt": created,
            "updatedAt": modified, "archived": False}


def nanp_number(rng, used):
    while True:
        area, country, city = rng.choice(NANP_AREAS)
        line = f"01{rng.randrange(0, 100):02d}"
        key = area + "555" + line
        if key not in used:
            used.add(key)
            return rng.choice(NANP_FORMATS).format(a=area, x="555", l=line), country, city


def foreign_number(rng, used):
    while True:
        kind = rng.choice(["uk-london", "uk-mobile", "fr", "de"])
        if kind == "uk-london":
            digits = f"2079460{rng.randrange(400, 1000):03d}"
            text, country, city = f"+44 20 7946 {digits[-4:]}", "United Kingdom", "London"
        elif kind == "uk-mobile":
            digits = f"7400123{rng.randrange(500, 1000):03d}"
            text, country, city = f"+44 7400 {digits[4:]}", "United Kingdom", None
        elif kind == "fr":
            digits = f"1990{rng.randrange(10000, 100000):05d}"
            text, country, city = f"+33 1 99 0{digits[4]} {digits[5:7]} {digits[7:]}", "France", "Paris"
        else:
            digits = f"30123{rng.randrange(4000, 10000):04d}"
            text, country, city = f"+49 30 {digits[2:]}", "Germany", "Berlin"
        if kind + digits not in used:
            used.add(kind + digits)
            return text, country, city


def filler(rng, contact_id, used, emails, first, last, group="filler"):
    roll = rng.random()
    phone = mobile = None
    extra = {}
    if roll < 0.70:
        phone, extra["country"], city = nanp_number(rng, used)
    elif roll < 0.82:
        phone, extra["country"], city = foreign_number(rng, used)
    elif roll < 0.90:
        mobile, extra["country"], city = nanp_number(rng, used)
    else:
        city = None
    if city:
        extra["city"] = city
    if rng.random() < 0.15 and phone:
        mobile, _, _ = nanp_number(rng, used)
    link = rng.random()
    if link < 0.45:
        extra["company_ref"] = rng.randrange(1, 20)
    elif link < 0.7:
        extra["company"] = rng.choice(["Self-employed", "Halifax Harbour Bridges", "Moncton Motors",
                                       "Brooklyn Bagels", "Lakeside Realty", "Atlantic Insurance"])
    return contact(rng, contact_id, group, first, last, phone, mobile, extra, emails)


def companies(rng):
    result = []
    for suffix, name, domain, city, country, phone in COMPANIES:
        created, modified = timestamps(rng, {})
        props = {"city": city, "country": country, "createdate": created, "domain": domain,
                 "hs_lastmodifieddate": modified, "hs_object_id": company_id(suffix), "name": name,
                 "phone": phone}
        result.append({"id": company_id(suffix), "properties": props, "createdAt": created,
                       "updatedAt": modified, "archived": False})
    return result


def generate():
    rng = random.Random(SEED)
    used = set()
    for row in CONTACTS:  # keep fillers off the hand-picked NANP numbers
        for text in row[3:5]:
            digits = "".join(c for c in (text or "") if c.isdigit())
            if len(digits) >= 10:
                used.add(digits[-10:])
    contacts = []
    emails = set()
    next_id = 1001
    for group, first, last, phone, mobile, extra in CONTACTS:
        contacts.append(contact(rng, next_id, group, first, last, phone, mobile, extra, emails))
        next_id += 1
    for first in SMITH_FIRST:
        contacts.append(filler(rng, next_id, used, emails, first, "Smith", group="smith"))
        next_id += 1
    while len(contacts) < TARGET_CONTACTS:
        contacts.append(filler(rng, next_id, used, emails, rng.choice(FIRST), rng.choice(LAST)))
        next_id += 1
    return contacts, companies(rng)


def render(objects):
    return json.dumps(objects, ensure_ascii=False, indent=1) + "\n"


def main(argv):
    contacts, company_list = generate()
    outputs = {CONTACTS_FILE: render(contacts), COMPANIES_FILE: render(company_list)}
    if "--check" in argv:
        stale = [path.name for path, text in outputs.items()
                 if not path.exists() or path.read_text(encoding="utf-8") != text]
        if stale:
            print(f"out of date: {', '.join(stale)}; run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    for path, text in outputs.items():
        path.write_text(text, encoding="utf-8")
    print(f"wrote {len(contacts)} contacts to {CONTACTS_FILE.name}, {len(company_list)} companies to "
          f"{COMPANIES_FILE.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
