"""Numbers and dates as each language writes them: 1,234.5 in English,
1.234,5 in Spanish and Catalan; 30 June 2027, 30 de junio de 2027,
30 de juny de 2027. Digits are grouped from 10,000 up in every language,
as Spanish and Catalan style guides ask and English readers accept."""

from __future__ import annotations

import math
from datetime import date

from cjmap.i18n import GROUP_FROM, Translate

_SHARE_CAP = 100  # 10,000 %


class Formatter:
    def __init__(self, t: Translate) -> None:
        self.t = t
        self._decimal = t("number.decimal")
        self._thousands = t("number.thousands")

    def number(self, value: float, *, decimals: int = 2) -> str:
        """Up to `decimals` decimals, trailing zeros dropped: 30, 8.5, 2.25."""
        text = f"{abs(value):.{decimals}f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        whole, _, fraction = text.partition(".")
        if abs(value) >= GROUP_FROM:
            whole = f"{int(whole):,}".replace(",", self._thousands)
        sign = "−" if value < 0 and text.strip("0.") else ""
        return sign + whole + (self._decimal + fraction if fraction else "")

    def quantity(self, value: float | None, unit: str | None) -> str:
        """`value` and `unit` as words. The unit is the author's text, as written:
        each output escapes the result as it escapes any journey text."""
        if value is None:
            return "—"
        if unit == "%":
            return self.t("number.percent", n=self.number(value))
        return f"{self.number(value)} {unit}" if unit else self.number(value)

    def share(self, value: float) -> str:
        """A share (0.47) as a percentage (47 %): whole from 10 % up, with the
        decimals a small share needs to be told apart from none (0.78 % is
        not 1 %, a funnel's end-to-end conversion often is that small); beyond
        ±9,999 % (a target a hair from its baseline) it says so instead."""
        if not math.isfinite(value) or abs(value) >= _SHARE_CAP:
            bound = self.t("number.percent", n=self.number(_SHARE_CAP * 100 - 1, decimals=0))
            return ("> " if value > 0 else "< −") + bound
        percent = value * 100
        decimals = 0 if abs(percent) >= 9.95 else 1 if abs(percent) >= 0.995 else 2
        return self.t("number.percent", n=self.number(round(percent, decimals), decimals=decimals))

    def date(self, value: date | None) -> str:
        if value is None:
            return "—"
        return self.t("date.pattern", day=str(value.day), month=self.t(f"month.{value.month}"),
                      year=str(value.year))
