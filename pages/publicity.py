"""宣传培训: every indicator of the section, with the charts that fit them."""

import ui

ui.page_guard()
ui.topic_page("publicity")
