#!/usr/bin/env python3
"""check_validate.py: the checker of validate.py.

    check_validate.py SCHEMA

A validator that accepts everything proves nothing, so this feeds
validate.py one small SARIF log that meets every requirement, then copies
of it each broken in one way that GitHub rejects or mishandles (the upload
failures of reference/peer-linters.md section 6.1), and checks that each
copy fails with the problem named.  Exit 77 ("skipped") where validate.py
itself skips.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
VALIDATE = os.path.join(HERE, "validate.py")

GOOD = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {
            "name": "cidrlint",
            "rules": [
                {"id": "CIDR101", "shortDescription": {"text": "a"},
                 "fullDescription": {"text": "b"}, "help": {"text": "c"},
                 "properties": {"tags": ["aws"]}},
                {"id": "CIDR301", "shortDescription": {"text": "a"},
                 "fullDescription": {"text": "b"}, "help": {"text": "c"},
                 "properties": {"tags": ["security", "conflict"], "security-severity": "7.5"}},
            ],
        }},
        "automationDetails": {"id": "cidrlint/"},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": []}],
        "results": [{
            "ruleId": "CIDR301",
            "ruleIndex": 1,
            "level": "error",
            "message": {"text": "10.1.0.0/16 overlaps aws_vpc.a\\[\"x\"\\]. See [b](1)."},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "stacks/net%20a.yaml"},
                "region": {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 9}}}],
            "relatedLocations": [{"id": 1, "message": {"text": "here"}, "physicalLocation": {
                "artifactLocation": {"uri": "b.yaml"}, "region": {"startLine": 1}}}],
            "partialFingerprints": {"primaryLocationLineHash": "1:1"},
        }],
    }],
}


def result(doc):
    return doc["runs"][0]["results"][0]


def loc(doc):
    return result(doc)["locations"][0]["physicalLocation"]


def dup_rule(d):
    d["runs"][0]["tool"]["driver"]["rules"][1]["id"] = "CIDR101"


def two_runs(d):
    d["runs"].append(copy.deepcopy(d["runs"][0]))


def set_in(path, value):
    def change(d):
        obj = d
        for key in path[:-1]:
            obj = obj[key]
        obj[path[-1]] = value
    return change


# (what is broken, how, a phrase the validator must print)
BROKEN = [
    ("duplicate rule ids", dup_rule, "duplicate rule id"),
    ("two runs", two_runs, "exactly one run"),
    ("no category", lambda d: d["runs"][0].pop("automationDetails"), "automationDetails.id"),
    ("no help", lambda d: d["runs"][0]["tool"]["driver"]["rules"][0].pop("help"), "help.text"),
    ("empty description",
     lambda d: d["runs"][0]["tool"]["driver"]["rules"][0].update(fullDescription={"text": ""}),
     "fullDescription.text"),
    ("ruleIndex off by one", lambda d: result(d).update(ruleIndex=0), "points at 'CIDR101'"),
    ("unknown ruleId", lambda d: result(d).update(ruleId="CIDR999"), "names no rule"),
    ("no ruleIndex", lambda d: result(d).pop("ruleIndex"), "ruleIndex is missing"),
    ("startLine 0", lambda d: loc(d)["region"].update(startLine=0), "startLine"),
    ("startLine -1", lambda d: loc(d)["region"].update(startLine=-1), "startLine"),
    ("startColumn 0", lambda d: loc(d)["region"].update(startColumn=0), "startColumn"),
    ("no region", lambda d: loc(d).pop("region"), "region is missing"),
    ("empty uri", lambda d: loc(d)["artifactLocation"].update(uri=""), "uri is missing or empty"),
    ("absolute uri", lambda d: loc(d)["artifactLocation"].update(uri="/home/x/a.yaml"),
     "is absolute"),
    ("file scheme", lambda d: loc(d)["artifactLocation"].update(uri="file:///a.yaml"),
     "has a scheme"),
    ("git scheme", lambda d: loc(d)["artifactLocation"].update(uri="git::https://x/y.tf"),
     "has a scheme"),
    ("outside the repository", lambda d: loc(d)["artifactLocation"].update(uri="../a.yaml"),
     "leaves the repository"),
    ("space in uri", lambda d: loc(d)["artifactLocation"].update(uri="net a.yaml"),
     "percent-encoded"),
    ("two locations", lambda d: result(d)["locations"].append(result(d)["locations"][0]),
     "exactly one location"),
    ("no locations", lambda d: result(d).pop("locations"), "exactly one location"),
    ("empty message", lambda d: result(d).update(message={"text": ""}), "message.text"),
    ("link to an undefined location",
     lambda d: result(d).update(message={"text": "x. See [b](2)."}), "not defined"),
    ("unescaped bracket",
     lambda d: result(d).update(message={"text": "aws_vpc.a[\"x\"] overlaps. See [b](1)."}),
     "unescaped"),
    ("no fingerprints", lambda d: result(d).pop("partialFingerprints"), "partialFingerprints"),
    ("too many results",
     lambda d: d["runs"][0].update(results=[copy.deepcopy(result(d)) for _ in range(5001)]),
     "GitHub keeps 5000"),
    ("security-severity as a number",
     lambda d: d["runs"][0]["tool"]["driver"]["rules"][1]["properties"].update(
         {"security-severity": 7.5}), "security-severity"),
    ("bad level (schema)", lambda d: result(d).update(level="fatal"), "schema at"),
    ("results not an array (schema)", set_in(["runs", 0, "results"], 42), "schema at"),
]


def run(schema, doc, tmp, name):
    path = os.path.join(tmp, name + ".sarif")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
    p = subprocess.run([sys.executable, VALIDATE, schema, path],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: check_validate.py SCHEMA\n")
        return 2
    schema = argv[1]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        rc, out = run(schema, GOOD, tmp, "good")
        if rc == 77:
            print("skipped: " + out.strip())
            return 77
        if rc != 0:
            print("FAIL: the good log is rejected:\n" + out)
            failures += 1
        rc, out = run(os.path.join(tmp, "no-such-schema.json"), GOOD, tmp, "noschema")
        if rc != 77 or "skipped" not in out:
            print("FAIL: a missing schema does not skip (exit %d)" % rc)
            failures += 1
        for i, (what, breakit, phrase) in enumerate(BROKEN):
            doc = copy.deepcopy(GOOD)
            breakit(doc)
            rc, out = run(schema, doc, tmp, "bad%d" % i)
            if rc != 1 or phrase not in out:
                print("FAIL: %s: exit %d, want 1 with '%s'; output:\n%s" % (what, rc, phrase, out))
                failures += 1
    print("check_validate: %d broken logs, %d failed" % (len(BROKEN), failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
