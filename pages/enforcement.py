"""执法检查与隐患治理: every indicator of the section, with the charts that fit them."""

import ui

ui.topic_page("enforcement")
