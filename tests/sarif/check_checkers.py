#!/usr/bin/env python3
"""check_checkers.py: the checkers of the SARIF checkers.

    check_checkers.py ghcheck
    check_checkers.py schema SCHEMA

A checker that accepts everything proves nothing.  This feeds ghcheck.py
(or validate.py, with the OASIS schema) one small SARIF log that meets
every requirement, then copies of it each broken in one way that GitHub
rejects or mishandles (the upload failures of reference/peer-linters.md
section 6.1 and the behaviour of issue 14), and checks that each copy
fails with the problem named.  The log points into a small repository
made here, whose one file has characters outside the BMP, so that line
hashes and UTF-16 columns are checked against a real file.
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import ghlinehash  # noqa: E402

# Line 2 holds two U+1F600 before the block: it starts at UTF-16 column
# 13, code point 11, and code-point column 8 (the second U+1F600) lands
# inside the first one's surrogate pair.
SOURCE = 'Resources:\n  x: "\U0001F600\U0001F600" 10.0.0.0/16\n'
HASH2 = ghlinehash.line_hashes(SOURCE)[1]


def region(line, col, end_line, end_col):
    return {"startLine": line, "startColumn": col, "endLine": end_line, "endColumn": end_col}


GOOD = {
    "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
    "version": "2.1.0",
    "runs": [{
        "tool": {"driver": {
            "name": "cidrlint",
            "semanticVersion": "0.1.0",
            "rules": [
                {"id": "CIDR101", "shortDescription": {"text": "a"},
                 "fullDescription": {"text": "b"}, "help": {"text": "c"},
                 "helpUri": "https://example.invalid/blob/v0.1.0/policies/help/CIDR101.md",
                 "properties": {"tags": ["aws"], "precision": "very-high",
                                "problem.severity": "error"}},
                {"id": "CIDR301", "shortDescription": {"text": "a"},
                 "fullDescription": {"text": "b"}, "help": {"text": "c"},
                 "properties": {"tags": ["security", "conflict"], "security-severity": "7.5"}},
            ],
        }},
        "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": []}],
        "columnKind": "utf16CodeUnits",
        "results": [{
            "ruleId": "CIDR301",
            "ruleIndex": 1,
            "level": "error",
            "message": {"text": "10.0.0.0/16 overlaps aws_vpc.a\\[\"x\"\\]. See [b](1)."},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "net%20a.yaml"},
                "region": region(2, 13, 2, 24)}}],
            "relatedLocations": [{"id": 1, "message": {"text": "here"}, "physicalLocation": {
                "artifactLocation": {"uri": "net%20a.yaml"}, "region": region(1, 1, 1, 11)}}],
            "partialFingerprints": {"primaryLocationLineHash": HASH2,
                                    "cidrlint/v1": "0123456789abcdef0123456789abcdef"},
        }, {
            "ruleId": "CIDR101",
            "ruleIndex": 0,
            "level": "error",
            "message": {"text": "bad block."},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": "plan.json"}, "region": region(1, 1, 1, 1)}}],
            "partialFingerprints": {"primaryLocationLineHash":
                                    "fedcba9876543210fedcba9876543210:1",
                                    "cidrlint/v1": "fedcba9876543210fedcba9876543210"},
        }],
    }],
}


def run0(d):
    return d["runs"][0]


def result(d, i=0):
    return run0(d)["results"][i]


def loc(d):
    return result(d)["locations"][0]["physicalLocation"]


def notes(d):
    return run0(d)["invocations"][0]["toolExecutionNotifications"]


def rules(d):
    return run0(d)["tool"]["driver"]["rules"]


def outside(d, with_note):
    loc(d)["artifactLocation"]["uri"] = "file:///elsewhere/net.yaml"
    result(d)["partialFingerprints"]["primaryLocationLineHash"] = "1:1"
    if with_note:
        notes(d).append({"level": "warning", "message": {
            "text": "'/elsewhere/net.yaml' is outside the repository root '/r'"}})


def suppress(d, i, sups):
    result(d, i)["suppressions"] = sups


ACCEPTED = [{"kind": "external", "status": "accepted", "justification": "in the baseline"}]

# (what is broken, how, ghcheck options, a phrase the checker must print)
BROKEN = [
    ("duplicate rule ids", lambda d: rules(d)[1].update(id="CIDR101"), [], "duplicate rule id"),
    ("two runs", lambda d: d["runs"].append(copy.deepcopy(run0(d))), [], "exactly one run"),
    ("category written though none was asked for",
     lambda d: run0(d).update(automationDetails={"id": "cidrlint/"}), ["--no-category"],
     "upload-sarif's category: input would be ignored"),
    ("category missing", lambda d: None, ["--category", "cidrlint/example"],
     "automationDetails.id (category cidrlint/example) is missing"),
    ("wrong category", lambda d: run0(d).update(automationDetails={"id": "cidrlint/"}),
     ["--category", "cidrlint/example"], "gives category 'cidrlint', not 'cidrlint/example'"),
    ("empty category", lambda d: run0(d).update(automationDetails={"id": "/"}), [],
     "is an empty category"),
    ("no help", lambda d: rules(d)[0].pop("help"), [], "help.text"),
    ("empty description", lambda d: rules(d)[0].update(fullDescription={"text": ""}), [],
     "fullDescription.text"),
    ("description too long", lambda d: rules(d)[0].update(shortDescription={"text": "x" * 1025}),
     [], "over GitHub's 1024"),
    ("helpUri on main",
     lambda d: rules(d)[0].update(helpUri="https://x.invalid/blob/main/policies/help/CIDR101.md"),
     [], "not pinned to a release tag"),
    ("helpUri of another version",
     lambda d: rules(d)[0].update(helpUri="https://x.invalid/blob/v0.0.9/policies/help/C.md"),
     [], "not pinned to this version"),
    ("eleven tags", lambda d: rules(d)[0]["properties"].update(tags=["t%d" % i for i in range(11)]),
     [], "GitHub keeps 10"),
    ("security-severity as a number",
     lambda d: rules(d)[1]["properties"].update({"security-severity": 7.5}), [],
     "security-severity"),
    ("bad precision", lambda d: rules(d)[0]["properties"].update(precision="sure"), [],
     "precision"),
    ("ruleIndex off by one", lambda d: result(d).update(ruleIndex=0), [], "points at 'CIDR101'"),
    ("unknown ruleId", lambda d: result(d).update(ruleId="CIDR999"), [], "names no rule"),
    ("no ruleIndex", lambda d: result(d).pop("ruleIndex"), [], "ruleIndex is missing"),
    ("bad level", lambda d: result(d).update(level="fatal"), [], "level 'fatal'"),
    ("startLine 0", lambda d: loc(d)["region"].update(startLine=0), [], "startLine"),
    ("startColumn 0", lambda d: loc(d)["region"].update(startColumn=0), [], "startColumn"),
    ("no endLine", lambda d: loc(d)["region"].pop("endLine"), [], "region.endLine is missing"),
    ("no endColumn", lambda d: loc(d)["region"].pop("endColumn"), [],
     "region.endColumn is missing"),
    ("end before start", lambda d: loc(d)["region"].update(endColumn=3), [], "ends (2:3) before it starts (2:13)"),
    ("no region", lambda d: loc(d).pop("region"), [], "region is missing"),
    ("code-point columns (inside a surrogate pair)",
     lambda d: loc(d).update(region=region(2, 8, 2, 22)), ["--root", "REPO"],
     "inside a surrogate pair"),
    ("column past the line", lambda d: loc(d).update(region=region(2, 13, 2, 26)),
     ["--root", "REPO"], "past the end of line 2"),
    ("line past the file", lambda d: loc(d).update(region=region(9, 1, 9, 2)),
     ["--root", "REPO"], "past the file's"),
    ("empty uri", lambda d: loc(d)["artifactLocation"].update(uri=""), [],
     "uri is missing or empty"),
    ("absolute path", lambda d: loc(d)["artifactLocation"].update(uri="/home/x/a.yaml"), [],
     "is an absolute path"),
    ("git scheme", lambda d: loc(d)["artifactLocation"].update(uri="git::https://x/y.tf"), [],
     "scheme other than file"),
    ("outside the repository by ../",
     lambda d: loc(d)["artifactLocation"].update(uri="../a.yaml"), [], "'..' segment"),
    ("'..' inside", lambda d: loc(d)["artifactLocation"].update(uri="a/../../b.yaml"), [],
     "'..' segment"),
    ("file URI for a file inside the repository",
     lambda d: loc(d)["artifactLocation"].update(uri="file://REPO/net%20a.yaml"),
     ["--root", "REPO"], "absolute for a file inside the repository"),
    ("file URI without a note", lambda d: outside(d, False), [], "no notification says why"),
    ("uriBaseId", lambda d: loc(d)["artifactLocation"].update(uriBaseId="SRCROOT"), [],
     "uriBaseId"),
    ("space in uri", lambda d: loc(d)["artifactLocation"].update(uri="net a.yaml"), [],
     "percent-encoded"),
    ("two locations", lambda d: result(d)["locations"].append(result(d)["locations"][0]), [],
     "exactly one location"),
    ("no locations", lambda d: result(d).pop("locations"), [], "exactly one location"),
    ("empty message", lambda d: result(d).update(message={"text": ""}), [], "message.text"),
    ("link to an undefined location",
     lambda d: result(d).update(message={"text": "x. See [b](2)."}), [], "not defined"),
    ("unescaped bracket",
     lambda d: result(d).update(message={"text": "aws_vpc.a[\"x\"] overlaps. See [b](1)."}), [],
     "unescaped"),
    ("no fingerprints", lambda d: result(d).pop("partialFingerprints"), [],
     "partialFingerprints"),
    ("wrong line hash",
     lambda d: result(d)["partialFingerprints"].update(primaryLocationLineHash="abc:1"),
     ["--root", "REPO"], "but upload-sarif computes"),
    ("line hash of another line",
     lambda d: loc(d).update(region=region(1, 1, 1, 11)), ["--root", "REPO"],
     "but upload-sarif computes"),
    ("identity hash in a source file",
     lambda d: result(d)["partialFingerprints"].update(
         primaryLocationLineHash="0123456789abcdef0123456789abcdef:1"), ["--root", "REPO"],
     "is not a JSON input"),
    ("suppressions on some results only", lambda d: suppress(d, 0, ACCEPTED), [],
     "1 of 2 results have suppressions"),
    ("a suppressed result written", lambda d: (suppress(d, 0, ACCEPTED), suppress(d, 1, [])),
     ["--no-suppressed"], "a suppressed result is written"),
    ("suppressions asked for, none written", lambda d: None, ["--suppressed"],
     "results lack suppressions"),
    ("absolute path in a justification",
     lambda d: (suppress(d, 0, [{"kind": "external", "status": "accepted",
                                 "justification": "recorded in the baseline /home/u/b.json"}]),
                suppress(d, 1, [])), [], "justification has an absolute path"),
    ("failed run without a reason",
     lambda d: run0(d)["invocations"][0].update(executionSuccessful=False), [],
     "no error notification says why"),
    ("no executionSuccessful", lambda d: run0(d)["invocations"][0].pop("executionSuccessful"),
     [], "executionSuccessful is missing"),
    ("too many results",
     lambda d: run0(d).update(results=[copy.deepcopy(result(d, 1)) for _ in range(5001)]), [],
     "GitHub keeps 5000"),
]

# Logs that must pass: the good one read every way, and the variants cidrlint writes.
ACCEPT = [
    ("good, no options", lambda d: None, []),
    ("good, read against the repository", lambda d: None, ["--root", "REPO", "--no-category",
                                                            "--no-suppressed"]),
    ("a category", lambda d: run0(d).update(automationDetails={"id": "cidrlint/example/"}),
     ["--category", "cidrlint/example"]),
    ("every result with suppressions",
     lambda d: (suppress(d, 0, ACCEPTED), suppress(d, 1, [])), ["--suppressed"]),
    ("a file outside the repository, with a note", lambda d: outside(d, True), []),
    ("a failed run with its error",
     lambda d: (run0(d)["invocations"][0].update(executionSuccessful=False),
                notes(d).append({"level": "error", "message": {"text": "cannot read x"}})), []),
]

SCHEMA_BROKEN = [
    ("bad level", lambda d: result(d).update(level="fatal"), "schema at"),
    ("results not an array", lambda d: run0(d).update(results=42), "schema at"),
    ("startLine 0", lambda d: loc(d)["region"].update(startLine=0), "schema at"),
]


def write(tmp, name, doc, repo):
    path = os.path.join(tmp, name + ".sarif")
    with open(path, "w", encoding="utf-8") as f:
        f.write(json.dumps(doc).replace("REPO", repo))
    return path


def run(cmd):
    p = subprocess.run([sys.executable] + cmd, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def check_ghcheck(tmp, repo):
    failures = 0
    tool = os.path.join(HERE, "ghcheck.py")
    for i, (what, change, opts) in enumerate(ACCEPT):
        doc = copy.deepcopy(GOOD)
        change(doc)
        rc, out = run([tool] + [o.replace("REPO", repo) for o in opts]
                      + [write(tmp, "ok%d" % i, doc, repo)])
        if rc != 0:
            print("FAIL: %s is rejected:\n%s" % (what, out))
            failures += 1
    for i, (what, breakit, opts, phrase) in enumerate(BROKEN):
        doc = copy.deepcopy(GOOD)
        breakit(doc)
        rc, out = run([tool] + [o.replace("REPO", repo) for o in opts]
                      + [write(tmp, "bad%d" % i, doc, repo)])
        if rc != 1 or phrase not in out:
            print("FAIL: %s: exit %d, want 1 with '%s'; output:\n%s" % (what, rc, phrase, out))
            failures += 1
    print("ghcheck: %d good logs, %d broken logs, %d failed"
          % (len(ACCEPT), len(BROKEN), failures))
    return failures


def check_schema(tmp, repo, schema):
    failures = 0
    tool = os.path.join(HERE, "validate.py")
    rc, out = run([tool, schema, write(tmp, "good", GOOD, repo)])
    if rc != 0:
        print("FAIL: the schema rejects the good log:\n" + out)
        failures += 1
    for i, (what, breakit, phrase) in enumerate(SCHEMA_BROKEN):
        doc = copy.deepcopy(GOOD)
        breakit(doc)
        rc, out = run([tool, schema, write(tmp, "bad%d" % i, doc, repo)])
        if rc != 1 or phrase not in out:
            print("FAIL: %s: exit %d, want 1 with '%s'; output:\n%s" % (what, rc, phrase, out))
            failures += 1
    print("validate: %d broken logs, %d failed" % (len(SCHEMA_BROKEN), failures))
    return failures


def main(argv):
    if len(argv) < 2 or argv[1] not in ("ghcheck", "schema") or (argv[1] == "schema") != (
            len(argv) == 3):
        sys.stderr.write(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        repo = os.path.realpath(os.path.join(tmp, "repo"))
        os.mkdir(repo)
        with open(os.path.join(repo, "net a.yaml"), "w", encoding="utf-8") as f:
            f.write(SOURCE)
        with open(os.path.join(repo, "plan.json"), "w", encoding="utf-8") as f:
            f.write('{"format_version":"1.2"}\n')
        if argv[1] == "ghcheck":
            failures = check_ghcheck(tmp, repo)
        else:
            failures = check_schema(tmp, repo, argv[2])
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
