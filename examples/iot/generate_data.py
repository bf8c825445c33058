#!/usr/bin/env python3
"""Writes the bundled IoT example data (examples/iot/data/*.jsonl), deterministically.

The files are committed; run this only to change them (python3 examples/iot/generate_data.py). What the data
holds on purpose (the ITCase IotPipelineITCase derives its expectations from the files, not from this script):
  - readings of five devices every minute, 2026-03-01T23:00Z .. 2026-03-02T01:10Z (two event dates),
    shuffled within the out-of-orderness (30 s);
  - readings with a null device_id (they match no alarm and no version);
  - one exact duplicate reading (bronze de-duplicates it);
  - readings ~70 min behind the newest one, placed mid-file (late: their fate depends on the watermark
    the reader has emitted when they are read; records that late go to silver/_late/<model>/readings);
  - alarms only now and then, none at all between 23:35 and 00:15 (an input idle for 40 min of event time),
    some for an unknown device, some with a null device_id, one far behind the others;
  - CDC-style device versions (op c/u/d): a move between sites, a firmware update, a delete (a tombstone:
    readings after it get the defaults) and a re-create, a device whose first version comes after its first
    readings, a device that never has one, and an update placed after a newer version in the file
    (5 min behind: beyond the out-of-orderness, within the allowed lateness, so it still applies).
"""
import json
import os
import random
from datetime import datetime, timedelta, timezone

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")
START = datetime(2026, 3, 1, 23, 0, tzinfo=timezone.utc)
END = datetime(2026, 3, 2, 1, 10, tzinfo=timezone.utc)
DEVICES = ["dev-01", "dev-02", "dev-03", "dev-04", "dev-05"]
rnd = random.Random(20260302)


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def write(name, rows):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, separators=(",", ":")) + "\n")


def shuffle_nearby(rows, key, within):
    """Swaps neighbours whose times differ by at most `within` seconds: out of order, never late."""
    rows = sorted(rows, key=key)
    for i in range(len(rows) - 1):
        if rnd.random() < 0.2 and (key(rows[i + 1]) - key(rows[i])).total_seconds() <= within:
            rows[i], rows[i + 1] = rows[i + 1], rows[i]
    return rows


readings = []
n = 0
for d, device in enumerate(DEVICES):
    t = START + timedelta(seconds=12 * d)
    base = 19.0 + d
    while t < END:
        n += 1
        if not (device == "dev-05" and rnd.random() < 0.3):
            readings.append({"reading_id": "r-%05d" % n, "device_id": device, "reading_ts": t,
                             "temperature": "%.2f" % (base + rnd.uniform(-2.5, 2.5))})
        t += timedelta(minutes=1)
for i, minute in enumerate([7, 33, 61, 95]):
    t = START + timedelta(minutes=minute, seconds=41)
    readings.append({"reading_id": "r-null-%d" % i, "device_id": None, "reading_ts": t,
                     "temperature": "%.2f" % (20 + i)})
readings = shuffle_nearby(readings, lambda r: r["reading_ts"], 12)
readings.insert(200, dict(readings[199]))   # an exact duplicate, next to its original
late = [{"reading_id": "r-late-%d" % i, "device_id": DEVICES[i], "reading_ts": START + timedelta(minutes=m, seconds=5),
         "temperature": "%.2f" % (30 + i)} for i, m in enumerate([3, 21, 48])]
for at, r in zip([420, 480, 560], late):
    readings.insert(at, r)
for r in readings:
    r["reading_ts"] = ts(r["reading_ts"])
write("readings.jsonl", readings)

alarms = []
codes = ["over-temp", "door-open", "low-battery", "sensor-fault"]
for i in range(48):
    t = START + timedelta(seconds=rnd.randrange(0, int((END - START).total_seconds())))
    if START + timedelta(minutes=35) <= t < START + timedelta(minutes=75):
        continue
    device = rnd.choice(DEVICES + ["dev-09"]) if i % 13 else None
    alarms.append({"alarm_id": "a-%03d" % i, "device_id": device, "alarm_ts": t,
                   "severity": rnd.randint(1, 4), "code": rnd.choice(codes)})
alarms = shuffle_nearby(alarms, lambda a: a["alarm_ts"], 20)
alarms.insert(len(alarms) - 3, {"alarm_id": "a-late", "device_id": "dev-01", "alarm_ts": START + timedelta(minutes=2),
                                "severity": 4, "code": "over-temp"})
for a in alarms:
    a["alarm_ts"] = ts(a["alarm_ts"])
write("alarms.jsonl", alarms)


def version(device, at, op, site=None, firmware=None):
    return {"device_id": device, "site": site, "firmware": firmware, "valid_from": ts(at), "op": op}


H = lambda h, m: datetime(2026, 3, 1, 22, 0, tzinfo=timezone.utc) + timedelta(hours=h, minutes=m)
versions = [
    version("dev-01", H(0, 0), "c", "north", "1.0.0"),
    version("dev-02", H(0, 5), "c", "south", "1.0.0"),
    version("dev-03", H(0, 30), "c", "south", "1.2.0"),
    version("dev-04", H(1, 20, ), "c", "north", "2.0.1"),     # after dev-04's first readings (23:00 .. 23:20)
    version("dev-02", H(1, 40), "u", "north", "1.0.0"),       # moved to site north
    version("dev-01", H(2, 10), "u", "north", "1.1.0"),       # firmware update
    version("dev-04", H(2, 25), "u", "north", "2.0.2"),
    version("dev-02", H(2, 20), "u", "north", "1.1.0"),       # in the file after 00:25: 5 min behind
    version("dev-03", H(2, 30), "d"),                         # deleted: a tombstone
    version("dev-03", H(2, 50), "c", "east", "1.3.0"),        # re-created elsewhere
]
write("device_versions.jsonl", versions)
