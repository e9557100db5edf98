"""Printable PDF certificates of awards that stay verifiable: layouts per badge class, the PDF."""
