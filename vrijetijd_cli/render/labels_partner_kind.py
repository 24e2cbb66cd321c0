"""Labels of partner kinds; municipalities add kinds in config (partner_kinds)."""

LABELS = {
    "partner_kind.stadsdienst": ("Stadsdienst", "City service"),
    "partner_kind.vereniging_armen": ("Vereniging waar armen het woord nemen", "Association where people in poverty speak"),
    "partner_kind.vzw": ("Vzw", "Non-profit organisation"),
    "partner_kind.andere": ("Andere", "Other"),
}
