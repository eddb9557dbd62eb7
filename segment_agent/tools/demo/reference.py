"""Reference data the generator draws from: countries, places, names, prices.

Weights are relative; the generator turns them into seeded draws (see random_sql.pick).
"""

from __future__ import annotations

from segment_agent.tools.demo.families import CATEGORIES

COUNTRIES: dict[str, float] = {"US": 55, "CA": 10, "GB": 12, "DE": 9, "FR": 7, "AU": 7}

# (country, state or None, city, postal prefix, weight). State is the two-letter code of the
# shipping address; GB, FR and AU addresses carry no two-letter state, so theirs is NULL.
PLACES: tuple[tuple[str, str | None, str, str, float], ...] = (
    ("US", "CA", "Los Angeles", "900", 9), ("US", "CA", "San Francisco", "941", 5),
    ("US", "CA", "San Diego", "921", 4), ("US", "NY", "New York", "100", 10),
    ("US", "NY", "Buffalo", "142", 2), ("US", "TX", "Houston", "770", 5), ("US", "TX", "Austin", "787", 4),
    ("US", "TX", "Dallas", "752", 5), ("US", "FL", "Miami", "331", 5), ("US", "FL", "Orlando", "328", 3),
    ("US", "IL", "Chicago", "606", 6), ("US", "PA", "Philadelphia", "191", 4),
    ("US", "PA", "Pittsburgh", "152", 2), ("US", "OH", "Columbus", "432", 3),
    ("US", "GA", "Atlanta", "303", 4), ("US", "NC", "Charlotte", "282", 3), ("US", "MI", "Detroit", "482", 3),
    ("US", "WA", "Seattle", "981", 4), ("US", "AZ", "Phoenix", "850", 3), ("US", "MA", "Boston", "021", 4),
    ("US", "CO", "Denver", "802", 4), ("US", "OR", "Portland", "972", 3),
    ("US", "MN", "Minneapolis", "554", 2), ("US", "TN", "Nashville", "372", 2),
    ("US", "VA", "Richmond", "232", 2), ("US", "NJ", "Newark", "071", 3),
    ("US", "UT", "Salt Lake City", "841", 2), ("US", "NV", "Las Vegas", "891", 2),
    ("US", "MO", "St. Louis", "631", 2), ("US", "WI", "Milwaukee", "532", 1),
    ("US", "MD", "Baltimore", "212", 2), ("US", "IN", "Indianapolis", "462", 2),
    ("US", "VT", "Burlington", "054", 1), ("US", "ME", "Portland", "041", 1),
    ("US", "MT", "Bozeman", "597", 1), ("US", "ID", "Boise", "837", 1), ("US", "NM", "Albuquerque", "871", 1),
    ("US", "AK", "Anchorage", "995", 1), ("CA", "ON", "Toronto", "M5V", 10), ("CA", "ON", "Ottawa", "K1P", 4),
    ("CA", "QC", "Montreal", "H2X", 7), ("CA", "QC", "Quebec City", "G1R", 2),
    ("CA", "BC", "Vancouver", "V6B", 6), ("CA", "BC", "Victoria", "V8W", 1),
    ("CA", "AB", "Calgary", "T2P", 4), ("CA", "AB", "Edmonton", "T5J", 3), ("CA", "MB", "Winnipeg", "R3C", 2),
    ("CA", "SK", "Saskatoon", "S7K", 1), ("CA", "NS", "Halifax", "B3H", 1), ("CA", "NB", "Moncton", "E1C", 1),
    ("CA", "NL", "St. John's", "A1C", 1), ("GB", None, "London", "SW1", 12),
    ("GB", None, "Manchester", "M1", 4), ("GB", None, "Birmingham", "B1", 4), ("GB", None, "Leeds", "LS1", 2),
    ("GB", None, "Glasgow", "G1", 2), ("GB", None, "Edinburgh", "EH1", 2), ("GB", None, "Bristol", "BS1", 2),
    ("GB", None, "Liverpool", "L1", 2), ("GB", None, "Cardiff", "CF10", 1), ("GB", None, "Belfast", "BT1", 1),
    ("GB", None, "Newcastle", "NE1", 1), ("DE", "BE", "Berlin", "101", 6), ("DE", "BY", "Muenchen", "803", 5),
    ("DE", "HH", "Hamburg", "200", 4), ("DE", "NW", "Koeln", "506", 3),
    ("DE", "HE", "Frankfurt am Main", "603", 3), ("DE", "BW", "Stuttgart", "701", 2),
    ("DE", "NW", "Duesseldorf", "402", 2), ("DE", "SN", "Leipzig", "041", 2),
    ("DE", "SN", "Dresden", "010", 1), ("DE", "NI", "Hannover", "301", 2), ("DE", "HB", "Bremen", "281", 1),
    ("DE", "BY", "Nuernberg", "904", 1), ("DE", "BW", "Freiburg", "790", 1), ("FR", None, "Paris", "750", 10),
    ("FR", None, "Marseille", "130", 3), ("FR", None, "Lyon", "690", 3), ("FR", None, "Toulouse", "310", 2),
    ("FR", None, "Nice", "060", 2), ("FR", None, "Nantes", "440", 2), ("FR", None, "Strasbourg", "670", 1),
    ("FR", None, "Bordeaux", "330", 2), ("FR", None, "Lille", "590", 2), ("FR", None, "Grenoble", "380", 1),
    ("FR", None, "Annecy", "740", 1), ("AU", None, "Sydney", "200", 8), ("AU", None, "Melbourne", "300", 7),
    ("AU", None, "Brisbane", "400", 4), ("AU", None, "Perth", "600", 3), ("AU", None, "Adelaide", "500", 2),
    ("AU", None, "Canberra", "260", 1), ("AU", None, "Hobart", "700", 1),
)  # fmt: skip

# Old sales regions (deprecated region_code): US regions by state, then one per market.
US_REGIONS: dict[str, str] = {
    **dict.fromkeys(["NY", "NJ", "PA", "MA", "VT", "ME", "MD"], "R1"),
    **dict.fromkeys(["FL", "GA", "NC", "VA", "TN"], "R2"),
    **dict.fromkeys(["IL", "OH", "MI", "MN", "WI", "IN", "MO"], "R3"),
    **dict.fromkeys(["TX", "AZ", "NM", "NV"], "R4"),
    **dict.fromkeys(["CO", "UT", "MT", "ID"], "R5"),
    **dict.fromkeys(["CA", "WA", "OR", "AK"], "R6"),
}
MARKET_REGIONS: dict[str, str] = {"CA": "R7", "GB": "R8", "DE": "R8", "FR": "R8", "AU": "R9"}

LANGUAGES: dict[str, dict[str, float]] = {
    "US": {"en": 90, "es": 10}, "CA": {"en": 78, "fr": 22}, "GB": {"en": 100},
    "DE": {"de": 92, "en": 8}, "FR": {"fr": 95, "en": 5}, "AU": {"en": 100},
}  # fmt: skip

PHONE_PREFIX: dict[str, str] = {
    "US": "+1 555 ",
    "CA": "+1 555 ",
    "GB": "+44 7700 ",
    "DE": "+49 151 ",
    "FR": "+33 6 ",
    "AU": "+61 4 ",
}

FEMALE_NAMES = (
    "Emma", "Olivia", "Ava", "Sophia", "Mia", "Isabella", "Charlotte", "Amelia", "Harper", "Emily",
    "Abigail", "Ella", "Grace", "Chloe", "Lily", "Hannah", "Zoe", "Nora", "Lea", "Marie", "Sofia",
    "Laura", "Julia", "Sarah", "Anna", "Claire", "Camille", "Ines", "Ruby", "Isla", "Maya", "Elena",
)  # fmt: skip
MALE_NAMES = (
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Leo",
    "Jack", "Thomas", "Daniel", "Matthew", "David", "Samuel", "Lukas", "Felix", "Jonas", "Paul",
    "Hugo", "Louis", "Gabriel", "Arthur", "Ethan", "Mason", "Logan", "Owen", "Carlos", "Mateo",
)  # fmt: skip
UNISEX_NAMES = ("Alex", "Sam", "Jordan", "Taylor", "Casey", "Riley", "Morgan", "Jamie", "Charlie", "Robin")
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
    "Martinez", "Wilson", "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson",
    "White", "Lopez", "Lee", "Harris", "Clark", "Lewis", "Walker", "Hall", "Young", "King", "Wright",
    "Scott", "Green", "Baker", "Adams", "Nelson", "Campbell", "Mitchell", "Roberts", "Evans",
    "Mueller", "Schmidt", "Schneider", "Fischer", "Weber", "Bernard", "Dubois", "Durand", "Moreau",
    "Laurent", "Tremblay", "Gagnon", "Roy", "Nguyen", "Patel", "Singh", "Chen", "Wang", "Kim",
    "Murphy", "Kelly", "OBrien",
)  # fmt: skip
EMAIL_DOMAINS: dict[str, float] = {
    "gmail.com": 42, "yahoo.com": 12, "outlook.com": 10, "hotmail.com": 9, "icloud.com": 12,
    "aol.com": 2, "proton.me": 3, "web.de": 4, "orange.fr": 3, "example.org": 3,
}  # fmt: skip

# Typical unit price (USD) and share of items, per category (same order as CATEGORIES).
CATEGORY_PRICE: dict[str, float] = dict(zip(CATEGORIES, (
    48, 45, 25, 85, 22, 95, 70, 120, 65, 40, 35, 140, 38, 30, 24, 150, 16, 22, 28, 9, 90, 180, 60, 75, 55,
), strict=True))  # fmt: skip
CATEGORY_WEIGHT: dict[str, float] = dict(zip(CATEGORIES, (
    9, 7, 5, 7, 6, 6, 5, 3, 5, 4, 2, 3, 4, 4, 4, 3, 3, 3, 3, 3, 1, 1, 3, 2, 3,
), strict=True))  # fmt: skip

COUPONS: dict[str, float] = {"WELCOME10": 0.10, "SPRING15": 0.15, "SUMMER20": 0.20, "FREESHIP5": 0.05,
                             "VIP25": 0.25, "BDAY15": 0.15, "WINBACK20": 0.20}  # fmt: skip

ACQUISITION: dict[str, float] = {
    "organic_search": 24, "paid_search": 16, "paid_social": 14, "referral": 8, "email": 6,
    "affiliate": 5, "store": 17, "direct": 10,
}  # fmt: skip
WEB_TRAFFIC: dict[str, float] = {
    "direct": 28, "organic_search": 25, "paid_search": 12, "paid_social": 10, "email": 10,
    "referral": 6, "affiliate": 4, "sms": 5,
}  # fmt: skip
APP_TRAFFIC: dict[str, float] = {"direct": 62, "push": 24, "email": 9, "sms": 5}
