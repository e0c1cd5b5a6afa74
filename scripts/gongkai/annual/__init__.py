"""政府信息公开工作年度报告: the official tables from the catalogs and the year's statistics, checked."""
