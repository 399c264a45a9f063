#!/usr/bin/env python3
"""Writes seq4j's forecasting samples from the CSV files of statsmodels' datasets (Debian python3-statsmodels).

    apt-get download python3-statsmodels && dpkg-deb -x python3-statsmodels_*.deb deb
    python3 data/statsmodels/make_samples.py deb/usr/lib/python3/dist-packages/statsmodels/datasets data/statsmodels

Every output has a header, a time column first and one row per time step, in increasing time order.
"""
import csv
import sys
from collections import defaultdict
from pathlib import Path

src, out = Path(sys.argv[1]), Path(sys.argv[2])


def rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def write(name, header, data):
    with open(out / name, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        w.writerows(data)


# sunspots: yearly mean sunspot number 1700-2008
write("sunspots.csv", ["year", "sunactivity"],
      [(int(float(r["YEAR"])), r["SUNACTIVITY"]) for r in rows(src / "sunspots/sunspots.csv")])

# nile: annual flow of the Nile at Aswan 1871-1970
write("nile.csv", ["year", "volume"], [(r["year"], r["volume"]) for r in rows(src / "nile/nile.csv")])

# co2: weekly Mauna Loa CO2 (yyyymmdd dates, some weeks empty) -> monthly means; a month without any weekly
# value stays empty, for seq4j's data.missing policy to handle
weeks = defaultdict(list)
for r in rows(src / "co2/co2.csv"):
    if r["co2"].strip():
        weeks[r["date"][:4] + "-" + r["date"][4:6]].append(float(r["co2"]))
first, last = min(weeks), max(weeks)
months = []
y, m = int(first[:4]), int(first[5:])
while f"{y:04d}-{m:02d}" <= last:
    key = f"{y:04d}-{m:02d}"
    months.append((key, f"{sum(weeks[key]) / len(weeks[key]):.3f}" if weeks[key] else ""))
    y, m = (y + 1, 1) if m == 12 else (y, m + 1)
write("co2.csv", ["month", "co2"], months)

# elnino: sea surface temperature, a row per year with 12 month columns -> one row per month
names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
write("elnino.csv", ["month", "sst"], [(f"{int(float(r['YEAR'])):04d}-{i + 1:02d}", r[n])
                                       for r in rows(src / "elnino/elnino.csv") for i, n in enumerate(names)])
