#!/usr/bin/env python3
"""Tests of bench/write_report.py's verdicts and notes: how a target row reads, which
commit the report names, and when the notes on scaling and memory appear."""

import os
import sys
import tempfile
import unittest

# Importing the report script must not leave a __pycache__ folder in the source tree.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import write_report  # noqa: E402


class FakeResults:
    """Medians by (family, workload, group) and counters by (name, family, workload)."""

    def __init__(self, times, counters=None):
        self.times = times
        self.counters = counters or {}

    def cpu_ns(self, family, workload, group=None, threads=1):
        return self.times.get((family, workload, group))

    def counter(self, name, family, workload):
        return self.counters.get((name, family, workload))


def publish_times(engine, floor, first_engine=(30.0, 26.0), first_floor=(14.0, 11.0)):
    """Returns publish medians of the engine and the hash at 100 to 100,000 rules."""
    times = {}
    for size, engine_ns, floor_ns in zip(write_report.REALISTIC_SIZES, engine, floor):
        times[("mqauthz_uncached", f"realistic-{size}", "publish")] = engine_ns
        times[("exact_hash", f"realistic-{size}", "publish")] = floor_ns
    for family, values in (("mqauthz_uncached_first_clients", first_engine),
                           ("exact_hash_first_clients", first_floor)):
        times[(family, "realistic-100", "publish")] = values[0]
        times[(family, "realistic-100000", "publish")] = values[1]
    return times


class CheckTest(unittest.TestCase):
    def test_pass_at_most(self):
        row = write_report.check("t", 2.0, 3, True, write_report.format_ratio)
        self.assertEqual(row[2], "PASS")

    def test_miss_at_most_names_factor(self):
        row = write_report.check("t", 3.63, 1.5, True, write_report.format_ratio)
        self.assertEqual(row[2], "MISS: 2.42x the limit")

    def test_miss_at_least_names_factor(self):
        row = write_report.check("t", 50, 100, False, write_report.format_ratio)
        self.assertEqual(row[2], "MISS: the limit is 2x the measured value")

    def test_not_measured(self):
        row = write_report.check("t", None, 3, True, write_report.format_ratio)
        self.assertEqual(row[1:], ["not measured", "NOT MEASURED"])


class MeasuredCommitTest(unittest.TestCase):
    def commit_from(self, text):
        with tempfile.TemporaryDirectory() as results:
            with open(os.path.join(results, "commit.txt"), "w") as record:
                record.write(text)
            return write_report.measured_commit(results, [])

    def test_recorded_clean_commit(self):
        self.assertEqual(self.commit_from("abc1234\n"), "abc1234")

    def test_recorded_dirty_commit(self):
        self.assertEqual(self.commit_from("abc1234\n M core/topic.cc\n"),
                         "abc1234, with uncommitted changes")


class TargetNotesTest(unittest.TestCase):
    def test_floor_note_when_target_needs_less_than_hash(self):
        results = FakeResults(publish_times([30, 40, 90, 110], [15, 20, 40, 53]))
        notes = write_report.target_notes(results)
        self.assertIn("Meeting the 1.5x target would take an uncached publish of 45 ns", notes)
        self.assertIn("below the 53 ns of the exact-match hash", notes)

    def test_no_floor_note_when_target_is_reachable(self):
        results = FakeResults(publish_times([30, 35, 40, 44], [15, 16, 18, 20]))
        notes = write_report.target_notes(results)
        self.assertNotIn("Meeting the 1.5x target", notes)

    def test_first_clients_note_gives_both_ratios(self):
        results = FakeResults(publish_times([30, 40, 90, 110], [15, 20, 40, 53]))
        notes = write_report.target_notes(results)
        self.assertIn("take 30 ns at 100 rules and 26 ns at 100,000", notes)
        self.assertIn("goes from 14 ns to 11 ns", notes)

    def test_memory_note_uses_compiled_bytes(self):
        workload = ("compile", "realistic-100000")
        counters = {(name,) + workload: value for name, value in (
            ("model_bytes_per_rule", 1959), ("compiled_bytes_per_rule", 762),
            ("peak_bytes_per_rule", 2722))}
        notes = write_report.target_notes(FakeResults({}, counters))
        self.assertIn("the compiled policy keeps 762 bytes per rule", notes)
        self.assertIn("takes 1,959 bytes per rule", notes)
        self.assertIn("peak at 2,722", notes)

    def test_no_notes_without_results(self):
        self.assertIsNone(write_report.target_notes(FakeResults({})))


if __name__ == "__main__":
    unittest.main()
