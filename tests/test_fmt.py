"""Norwegian formatting of numbers, percentages and dates."""

import datetime as dt

from analysis import fmt
from analysis.rules import label_nb

NB = fmt.NBSP


def test_numbers_use_space_thousands_and_decimal_comma() -> None:
    assert fmt.fmt_int(7200) == f"7{NB}200"
    assert fmt.fmt_int(1_000_000) == f"1{NB}000{NB}000"
    assert fmt.fmt_num(3.456, 1) == "3,5"
    assert fmt.fmt_int(None) == "–"
    assert fmt.fmt_int(float("nan")) == "–"


def test_percentages_and_signed_changes() -> None:
    assert fmt.fmt_pct(0.847) == f"84,7{NB}%"
    assert fmt.fmt_pct(7200 / 8500) == f"84,7{NB}%"
    assert fmt.fmt_signed(12) == "+12"
    assert fmt.fmt_signed(-3.5, 1, " %") == "−3,5 %"
    assert fmt.fmt_signed(-0.004, 2) == "±0,00" and fmt.fmt_signed(-0.4) == "±0"  # rounded before the sign
    assert fmt.fmt_polarity(0.421) == "+0,42"


def test_dates_read_the_norwegian_way() -> None:
    assert fmt.fmt_date(dt.date(2022, 5, 7)) == "lør. 7. mai"
    assert fmt.fmt_date(dt.date(2022, 5, 7), year=True) == "lør. 7. mai 2022"
    assert fmt.fmt_datetime(dt.datetime(2022, 5, 7, 14, 32)) == f"lør. 7. mai kl.{NB}14:32"
    assert label_nb("negative") == "negativ"
