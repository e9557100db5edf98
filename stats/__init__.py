"""Pre-aggregated award figures: a daily roll-up per badge class, kept in step with every write."""
