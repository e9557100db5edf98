"""LTI 1.3 tool: platform registrations, launch, deep linking and award rules (AGS, NRPS)."""
