"""The one error a wallet protocol answers: an HTTP status, a code and a reason for people."""


class ExchangeError(Exception):
    """A request a wallet made that Laurel refuses; the views answer it as
    `{"error": code, "error_description": reason}` with the status (OID4VCI's shape, which
    VC-API exchanges use too)."""

    def __init__(self, status: int, error: str, description: str):
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description

    def as_json(self) -> dict:
        return {"error": self.error, "error_description": self.description}
