"""Import from Guangdong's 政府信息公开目录 platform (gkmlpt): saved list JSON and document pages."""
