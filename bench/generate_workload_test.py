#!/usr/bin/env python3
"""Tests of bench/generate_workload.py: its checks on arguments, the files it writes and
what it prints, and that a seed gives the same files every time."""

import os
import subprocess
import sys
import tempfile
import unittest

GENERATOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "generate_workload.py")


def generate(*arguments):
    return subprocess.run([sys.executable, GENERATOR, *arguments], capture_output=True,
                          text=True, check=False)


def read(path):
    with open(path, "rb") as data:
        return data.read()


class GenerateWorkloadTest(unittest.TestCase):
    def test_rejects_zero_requests(self):
        with tempfile.TemporaryDirectory() as out:
            result = generate("--rules", "10", "--requests", "0", "--out", out)
            self.assertEqual(result.returncode, 2)
            self.assertIn("--requests is 0", result.stderr)
            self.assertEqual(os.listdir(out), [])

    def test_rejects_too_few_rules(self):
        with tempfile.TemporaryDirectory() as out:
            result = generate("--rules", "2", "--requests", "5", "--out", out)
            self.assertEqual(result.returncode, 2)
            self.assertIn("needs at least 3", result.stderr)

    def test_writes_and_names_the_files(self):
        with tempfile.TemporaryDirectory() as out:
            result = generate("--kind", "users", "--rules", "4", "--requests", "7", "--out", out)
            self.assertEqual(result.returncode, 0, result.stderr)
            for name in ("policy-users-4.json", "acl-users-4.conf", "requests-users-4.jsonl"):
                path = os.path.join(out, name)
                self.assertTrue(os.path.isfile(path), name)
                self.assertIn(path, result.stdout)
            requests = read(os.path.join(out, "requests-users-4.jsonl")).decode().splitlines()
            self.assertEqual(len(requests), 7)

    def test_same_seed_same_files(self):
        with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
            for out in (first, second):
                result = generate("--rules", "50", "--requests", "30", "--seed", "7", "--out", out)
                self.assertEqual(result.returncode, 0, result.stderr)
            for name in ("policy-50.json", "requests-50.jsonl"):
                self.assertEqual(read(os.path.join(first, name)), read(os.path.join(second, name)))


if __name__ == "__main__":
    unittest.main()
