"""Every write of the LTI tool: keys, registrations, launches, deep links and award rules."""
