"""English dates as Laurel has always written them (6 December 2026), day first, for a
readership that is mostly outside the United States. Other languages use Django's own."""

DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "M Y"
TIME_FORMAT = "H:i"
