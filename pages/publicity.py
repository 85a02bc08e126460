"""宣传培训: every indicator of the section, with the charts that fit them."""

import ui

ui.topic_page("publicity")
