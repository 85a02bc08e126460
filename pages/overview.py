"""总览: headline cards, 双下降, the generated sentence and the 同比 charts of the chosen view."""

import ui

ui.overview_page()
