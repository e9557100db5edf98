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


# The JWT's media types: VC-JOSE-COSE's (registered), the plain JWT one, and older drafts'.
JWT_MEDIA = (
    "application/vc+jwt",
    "application/jwt",
    "application/vc+ld+json+jwt",
    "application/vc+ld+jwt",
)
# Open Badges 3.0 (Document Formats, Web Resource): a VC-JWT served as a web resource SHOULD
# be text/plain; a client that names one of JWT_MEDIA gets the type it named.
JWT_WEB_MEDIA = "text/plain"
CREDENTIAL_MEDIA = {
    **dict.fromkeys(JWT_MEDIA, "jwt"),
    JWT_WEB_MEDIA: "jwt",
    "application/vc+ld+json": "json",
    "application/vc": "json",
    "application/ld+json": "json",
    "application/json": "json",
    "image/png": "png",
    "image/svg+xml": "svg",
}


def _ranked(request) -> list[tuple[float, int, str]]:
    """The credential media types the Accept header names, best first."""
    return sorted(
        (
            (quality, -position, media)
            for media, quality, position in _accepted(request.headers.get("Accept", ""))
            if media in CREDENTIAL_MEDIA and quality > 0
        ),
        reverse=True,
    )


def credential_format(request) -> str:
    """The credential format the Accept header prefers: json, jwt, png or svg (json when it
    names none of them)."""
    ranked = _ranked(request)
    return CREDENTIAL_MEDIA[ranked[0][2]] if ranked else "json"


def jwt_media_type(request) -> str:
    """The Content-Type of a VC-JWT response: the JWT media type the Accept header prefers,
    else text/plain, as Open Badges 3.0 says for a web resource."""
    return next((media for _q, _p, media in _ranked(request) if media in JWT_MEDIA), JWT_WEB_MEDIA)
