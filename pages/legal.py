"""法治监督与制度建设: every indicator of the section, with the charts that fit them."""

import ui

ui.page_guard()
ui.topic_page("legal")
