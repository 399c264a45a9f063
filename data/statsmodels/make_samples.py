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

# elec_equip: euro-area turnover index of electrical equipment manufacturing, monthly 1995-01..2016-05, dates
# written "Jan-1-1995" -> ISO months. (co2, Mauna Loa, was shipped here before; it is one of issue 31's nine held-out
# series, which stay out of the project.)
abbr = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
with open(src / "elec_equip/elec_equip.csv", newline="") as f:
    table = list(csv.reader(f))[1:]
write("elec_equip.csv", ["month", "turnover"],
      [(f"{d.split('-')[2]}-{abbr.index(d.split('-')[0]) + 1:02d}", v) for d, v in table])

# elnino: sea surface temperature, a row per year with 12 month columns -> one row per month
names = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
write("elnino.csv", ["month", "sst"], [(f"{int(float(r['YEAR'])):04d}-{i + 1:02d}", r[n])
                                       for r in rows(src / "elnino/elnino.csv") for i, n in enumerate(names)])

# macro: ten US quarterly macroeconomic series, 1959Q1-2009Q3, on one time axis (a quarter named by its first
# month, 1959-01, 1959-04, ...), for a global model over several series (model.global); infl and realint, which
# are computed from cpi and tbilrate, are left out
macro = ["realgdp", "realcons", "realinv", "realgovt", "realdpi", "cpi", "m1", "tbilrate", "unemp", "pop"]
write("macro.csv", ["quarter"] + macro,
      [[f"{int(float(r['year']))}-{(int(float(r['quarter'])) - 1) * 3 + 1:02d}"] + [r[c] for c in macro]
       for r in rows(src / "macrodata/macrodata.csv")])
