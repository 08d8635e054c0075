"""Words the CLI, the API and the dashboard share, kept light: `lmo --help` needs them without pandas."""

LANGS = ("fr", "de", "en", "it", "ar")
WORLDS = ("real", "demo")  # real: official, user and derived values; demo: synthetic values only
CHOICES = (*WORLDS, "all")  # `all`: both, each row with its realm (the CLI's --world all)
ON_REQUEST = ("index", "deviation_peer", "sa")  # measures computed when asked for, not stored in the mart
SA_METHODS = {"x13": "X-13ARIMA-SEATS", "stl": "STL"}  # seasonal adjustment methods a catalogue entry may declare
