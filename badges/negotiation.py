"""Who asks for a public badge URL: a machine wanting JSON-LD, a person, or a social-card bot."""

import re

SOCIAL_BOTS = re.compile(
    r"LinkedInBot|Twitterbot|facebookexternalhit|Facebot|Slackbot|Slack-ImgProxy|Discordbot|"
    r"TelegramBot|WhatsApp|Pinterest|redditbot|SkypeUriPreview|Mastodon|Embedly|vkShare",
    re.IGNORECASE,
)
JSON_TYPES = ("application/ld+json", "application/json")


def _accepted(header: str) -> list[tuple[str, float, int]]:
    accepted = []
    for position, part in enumerate(header.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media:
            accepted.append((media.lower(), quality, position))
    return accepted


def wants(request) -> str:
    """'bot', 'html' or 'json'. JSON unless the client clearly prefers HTML over JSON."""
    if SOCIAL_BOTS.search(request.headers.get("User-Agent", "")):
        return "bot"
    accepted = _accepted(request.headers.get("Accept", ""))

    def best(types) -> tuple[float, int]:
        scores = [(q, -pos) for media, q, pos in accepted if media in types]
        return max(scores) if scores else (0.0, -(10**6))

    html = best(("text/html", "application/xhtml+xml"))
    json = best(JSON_TYPES)
    return "html" if html[0] > 0 and html > json else "json"


CREDENTIAL_MEDIA = {
    "application/vc+jwt": "jwt",
    "application/jwt": "jwt",
    "application/vc+ld+json": "json",
    "application/vc": "json",
    "application/ld+json": "json",
    "application/json": "json",
    "image/png": "png",
    "image/svg+xml": "svg",
}


def credential_format(request) -> str:
    """The credential format the Accept header prefers: json, jwt, png or svg (json when it
    names none of them)."""
    ranked = sorted(
        (
            (quality, -position, CREDENTIAL_MEDIA[media])
            for media, quality, position in _accepted(request.headers.get("Accept", ""))
            if media in CREDENTIAL_MEDIA and quality > 0
        ),
        reverse=True,
    )
    return ranked[0][2] if ranked else "json"
