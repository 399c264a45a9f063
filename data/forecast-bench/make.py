#!/usr/bin/env python3
"""Writes the forecasting benchmark series of data/forecast-bench from the unpacked source packages.

    python3 data/forecast-bench/make.py WORK OUT

WORK holds the packages as make.sh unpacks them (statsmodels/, births-1969-1988/, births-2000-2014/,
infant-mortality/, vega/); OUT is the folder to write the CSV files to. Standard library only.

Every file has the header `time,<value>` and one row per step, in increasing time order, with no gaps and no
missing values: monthly and quarterly times are ISO months (`1995-01`; a quarter is named by its first month),
yearly times are plain years. Values are the source's own text or are computed exactly in integers or decimals
(sums, a sum divided by 1000, one mean rounded to 3 decimals). Running it twice gives byte-identical files.
"""
import csv
import json
import sys
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path

work, out = Path(sys.argv[1]), Path(sys.argv[2])
statsmodels = work / "statsmodels/usr/lib/python3/dist-packages/statsmodels/datasets"
vega = work / "vega/package/data"

# Held out from the whole project: never write a series by one of these names (see SOURCE.md).
HELD_OUT = ("airpassengers", "airline", "lakehuron", "ukdriverdeaths", "seatbelts", "usaccdeaths", "co2",
            "ldeaths", "mdeaths", "fdeaths", "lynx", "nottem", "sunspot")

MONTHS = {m: i + 1 for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])}
STEP = {"month": 1, "quarter": 3, "year": 1}
written = []


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def month(year, m):
    return f"{int(year):04d}-{int(m):02d}"


def index(time, freq):
    """Position of a time on its own axis: months since year 0 for monthly/quarterly, the year for yearly."""
    if freq == "year":
        return int(time)
    return int(time[:4]) * 12 + int(time[5:7]) - 1


def write(name, column, freq, rows, n, first, last):
    """Checks the series (length, span, regular steps, no missing values) and writes it."""
    assert not any(h in name.lower() for h in HELD_OUT), name
    times = [t for t, _ in rows]
    assert len(rows) == n and times[0] == first and times[-1] == last, (name, len(rows), times[0], times[-1])
    steps = {index(b, freq) - index(a, freq) for a, b in zip(times, times[1:])}
    assert steps == {STEP[freq]}, (name, steps)
    for t, v in rows:
        assert v.strip() and float(v) == float(v), (name, t, v)   # present and a number
        if freq == "quarter":
            assert int(t[5:7]) in (1, 4, 7, 10), (name, t)
    with open(out / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["time", column])
        w.writerows(rows)
    values = [float(v) for _, v in rows]
    written.append(f"{name:32s} {freq:7s} n={n:4d} {first}..{last}  min={min(values):g} max={max(values):g}")


def check_complete(days, what):
    """days: {"YYYY-MM": number of daily rows}; every month must have all of its days."""
    for key, d in days.items():
        y, m = int(key[:4]), int(key[5:])
        full = [31, 29 if (y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)) else 28,
                31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        assert d == full, (what, key, d)


def daily_to_monthly_sums(path):
    """@stdlib births files: one row per day (year, month, date_of_month, day_of_week, births) -> monthly sums."""
    sums, days = defaultdict(int), defaultdict(int)
    rows = csv_rows(path)
    assert len({(r["year"], r["month"], r["date_of_month"]) for r in rows}) == len(rows), path   # no repeated day
    for r in rows:
        key = month(r["year"], r["month"])
        sums[key] += int(r["births"])
        days[key] += 1
    check_complete(days, path)
    return [(k, str(sums[k])) for k in sorted(sums)]


# --- statsmodels (Debian python3-statsmodels) ------------------------------------------------------------------

# macrodata: US quarterly macro data; a quarter q of year y becomes the month 3q-2 of y
macro = csv_rows(statsmodels / "macrodata/macrodata.csv")
for name, column in (("us_real_gdp.csv", "realgdp"), ("us_unemployment_rate.csv", "unemp")):
    rows = [(month(int(float(r["year"])), 3 * int(float(r["quarter"])) - 2), r[column]) for r in macro]
    write(name, column, "quarter", rows, 203, "1959-01", "2009-07")

# --- @stdlib datasets (npm) ------------------------------------------------------------------------------------

write("us_births_1969_1988.csv", "births", "month",
      daily_to_monthly_sums(work / "births-1969-1988/package/data/data.csv"), 240, "1969-01", "1988-12")
write("us_births_2000_2014.csv", "births", "month",
      daily_to_monthly_sums(work / "births-2000-2014/package/data/data.csv"), 180, "2000-01", "2014-12")

# infant mortality by race (columns race, year, infant_mortality_rate); the white series is taken
rows = [(r["year"], r["infant_mortality_rate"])
        for r in csv_rows(work / "infant-mortality/package/data/data.csv") if r["race"] == "white"]
write("us_infant_mortality.csv", "rate", "year", rows, 99, "1915", "2013")

# --- vega-datasets (npm) ---------------------------------------------------------------------------------------

# unemployed persons by industry (BLS CPS), thousands; records {series, year, month, count, rate, date}
unemployment = load_json(vega / "unemployment-across-industries.json")
for name, series in (("us_unemployed_construction.csv", "Construction"),
                     ("us_unemployed_agriculture.csv", "Agriculture")):
    recs = sorted((r["year"], r["month"], r["count"]) for r in unemployment if r["series"] == series)
    assert all(isinstance(c, int) for _, _, c in recs), series
    write(name, "unemployed", "month", [(month(y, m), str(c)) for y, m, c in recs], 122, "2000-01", "2010-02")

# total nonfarm employment (BLS CES), thousands, seasonally adjusted; "month" is YYYY-MM-01
rows = [(r["month"][:7], r["nonfarm"]) for r in csv_rows(vega / "us-employment.csv")]
write("us_nonfarm_employment.csv", "employed", "month", rows, 120, "2006-01", "2015-12")

# Seattle daily weather (NOAA): monthly mean of the daily maximum temperature, exact in decimal, rounded to 0.001
days = defaultdict(list)
weather = csv_rows(vega / "seattle-weather.csv")
assert len({r["date"] for r in weather}) == len(weather)   # no repeated day
for r in weather:
    days[r["date"][:7]].append(Decimal(r["temp_max"]))
check_complete({k: len(v) for k, v in days.items()}, "seattle-weather.csv")
rows = [(k, str((sum(v) / len(v)).quantize(Decimal("0.001"), rounding=ROUND_HALF_EVEN)))
        for k, v in sorted(days.items())]
write("seattle_temp_max.csv", "temp_max", "month", rows, 48, "2012-01", "2015-12")

# NASA GISTEMP global land-ocean temperature anomaly (columns year, temp)
rows = [(r["year"], r["temp"]) for r in csv_rows(vega / "global-temp.csv")]
write("global_temp.csv", "anomaly", "year", rows, 144, "1880", "2023")

# OMB FY2016 budget receipts database: one record per receipt account, one key per fiscal year ("1962".."2020",
# plus "TQ", the 1976 transition quarter), values in thousands of dollars as text with thousands separators.
# Total receipts = sum over all accounts, written in millions of dollars (exact: thousands / 1000 in decimal), the
# unit of OMB's Historical Tables. 1962-2014 are actuals; 2015 on are the budget's estimates and are left out, and
# so is TQ (three months, not a fiscal year).
budget = load_json(vega / "budget.json")
assert all(r.keys() == budget[0].keys() for r in budget)
years = sorted((k for k in budget[0] if k.isdigit() and int(k) <= 2014), key=int)
rows = [(y, str(Decimal(sum(int(r[y].replace(",", "")) for r in budget)) / 1000)) for y in years]
write("us_federal_receipts.csv", "receipts", "year", rows, 53, "1962", "2014")

print("\n".join(written))
