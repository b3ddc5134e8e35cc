#!/usr/bin/env python3
"""Replays RadShift's incident rule over alert-benchmark windows and reports the alert-quality goals.

Input: JSON lines of alerting-scheme windows, as `./radshift bench alerts --offline-windows FILE` writes them (the
WindowSummary field names: siteId, windowEnd, n, verdict, tests[test, label, adjustedPValue, effectSize,
effectTolerance, effectStandardError, severity]). A window is flagged when some test's Holm-adjusted p-value, times
SCALE, is at most ALPHA and its effect is beyond its tolerance by more than one standard error; SCALE 1 judges the windows at ALPHA itself, SCALE 24 at alpha / 24, the
level of a 24 h window advancing by 1 h (Holm's adjusted p-values do not depend on the level). An incident opens when
K of the last M evaluated windows are flagged, or at once when a flagged window's material evidence is AT_ONCE times
below the level (detection.fireAtOnce; 0: off), and resolves when none of the last M is (AlertEpisode). A page at a
stable site, or at a changing site before its change, is false.

An open incident stays open on material evidence without the margin (hysteresis; --hold-margin replays the rule
without it) and resolves after RESOLVE clean windows (a window length; --resolve 1 replays the old rule, m).

Usage: python3 tools/alert_gating.py FILE [--alpha 0.01] [--scale 24] [--gating 2/3 1/1] [--at-once 10 0]
       [--days 90] [--hold-margin] [--resolve 24]
"""
import argparse
import collections
import datetime as dt
import json

START = dt.datetime(2026, 1, 5, tzinfo=dt.timezone.utc)  # AlertsBenchmark.START
MARGIN = 1.0  # WindowEvaluator.MATERIALITY_MARGIN
CHANGE_FRACTION = {"kermany-scanner": 1 / 3, "kermany-hannover": 1 / 2, "phantom-rare": 1 / 3, "phantom-scanner": 1 / 2}
DAYS = 90  # AlertsBenchmark --days; the changes come a third and half of the way in (--days)


def when(text):
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def change_of(site):
    return START + dt.timedelta(days=round(DAYS * CHANGE_FRACTION[site]), hours=9) if site in CHANGE_FRACTION else None


def is_material(test):
    """The effect beyond its tolerance by more than MARGIN standard errors (WindowEvaluator.MATERIALITY_MARGIN)."""
    se = test.get("effectStandardError") or 0.0
    return abs(test["effectSize"]) - MARGIN * se > test["effectTolerance"]


def strongest(window, alpha, scale, margin=True):
    """The smallest adjusted p-value times SCALE among the window's material tests (clearing the tolerance by MARGIN
    standard errors when `margin`), or None when none is."""
    if window["verdict"] == "INSUFFICIENT_DATA":
        return None
    material = [t["adjustedPValue"] * scale for t in window["tests"]
                if t["adjustedPValue"] is not None and t["effectTolerance"] is not None
                and t["adjustedPValue"] * scale <= alpha and abs(t["effectSize"]) > t["effectTolerance"]
                and (not margin or is_material(t))]
    return min(material) if material else None


def flagged(window, alpha, scale):
    return strongest(window, alpha, scale) is not None


def incidents(evidence, k, m, alpha, at_once, hold_margin, resolve):
    """Opening times of the incidents, from (window end, strongest p-value with the margin, without it) in window
    order. An open incident is kept by material evidence without the margin (IncidentProcessor.material), unless
    `hold_margin` replays the rule before that hysteresis; it resolves after `resolve` clean windows (at least m;
    AlertEpisode.resolveWindow)."""
    history, firing, fired = [], False, []
    for end, p, p_held in evidence:
        flag = (p if not firing or hold_margin else p_held) is not None
        history.append(flag)
        recent = history[-m:]
        decisive = flag and at_once > 0 and p is not None and p <= alpha / at_once
        if not firing and (sum(recent) >= k or decisive):
            firing = True
            fired.append(end)
        elif firing and len(history) >= resolve and sum(history[-resolve:]) == 0:
            firing = False
    return fired


def judge(sites, alpha, scale, k, m, at_once, hold_margin, resolve):
    pages, months = 0, 0.0
    rates = collections.defaultdict(lambda: [0, 0])
    delays = {}
    for site, windows in sorted(sites.items()):
        change = change_of(site)
        judged = [w for w in sorted(windows, key=lambda w: w["windowEnd"]) if w["verdict"] != "INSUFFICIENT_DATA"]
        before = [w for w in judged if change is None or when(w["windowEnd"]) <= change]
        fired = incidents([(when(w["windowEnd"]), strongest(w, alpha, scale), strongest(w, alpha, scale, False))
                           for w in judged], k, m, alpha, at_once, hold_margin, max(m, resolve))
        false_pages = [f for f in fired if change is None or f <= change]
        if change is None:
            pages += len(false_pages)
            months += (when(judged[-1]["windowEnd"]) - when(judged[0]["windowEnd"])).days / 30
            rate = rates[int(site.rsplit("-n", 1)[-1])] if "-n" in site else rates[0]
            rate[0] += sum(flagged(w, alpha, scale) for w in before)
            rate[1] += len(before)
        else:
            after = [f for f in fired if f > change]
            delays[site] = ("%.0f h" % ((after[0] - change).total_seconds() / 3600) if after else "missed",
                            len(false_pages), len(after))
    far = " ".join("n=%d %.4f" % (n, a / b) for n, (a, b) in sorted(rates.items()) if b)
    print("margin %g SE, level alpha/%g, incident after %d of %d (at once %g%s, resolved after %d clean): stable pages per site-month %.3f (%d in %.1f); "
          "window false-alarm rate %s; changes (delay, false pages before, pages after): %s"
          % (MARGIN, scale, k, m, at_once, ", margin to stay open" if hold_margin else "", max(m, resolve), pages / max(months, 1e-9), pages,
             months, far, delays))


def main():
    global DAYS, MARGIN
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file")
    parser.add_argument("--alpha", type=float, default=0.01)
    parser.add_argument("--scale", type=float, nargs="+", default=[24.0])
    parser.add_argument("--gating", nargs="+", default=["2/3"])
    parser.add_argument("--at-once", type=float, nargs="+", default=[10.0])
    parser.add_argument("--days", type=int, default=DAYS, help="the replay's --days (sets the change times)")
    parser.add_argument("--hold-margin", action="store_true",
                        help="keep an incident open only with the margin too (the rule before hysteresis)")
    parser.add_argument("--margin", type=float, default=MARGIN,
                        help="standard errors by which an effect must clear its tolerance to open an incident")
    parser.add_argument("--resolve", type=int, default=24,
                        help="clean windows that resolve an incident (the windows per study; 1 replays the old rule)")
    args = parser.parse_args()
    DAYS = args.days
    MARGIN = args.margin
    sites = collections.defaultdict(list)
    with open(args.file) as lines:
        for line in lines:
            window = json.loads(line)
            sites[window["siteId"]].append(window)
    for scale in args.scale:
        for gating in args.gating:
            k, m = (int(x) for x in gating.split("/"))
            for at_once in args.at_once:
                judge(sites, args.alpha, scale, k, m, at_once, args.hold_margin, args.resolve)


if __name__ == "__main__":
    main()
