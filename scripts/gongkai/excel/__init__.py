"""Excel round trip: staff keep registers in Excel/WPS; export and import them."""
