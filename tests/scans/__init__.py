"""Test scans: known reports printed, rasterized and degraded the way scanners and phones degrade pages."""
