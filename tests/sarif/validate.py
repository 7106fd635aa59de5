#!/usr/bin/env python3
"""validate.py: check SARIF files the way GitHub code scanning will.

    validate.py SCHEMA SARIF...

Two passes over each file:
 1. the official SARIF 2.1.0 JSON schema (SCHEMA, the OASIS draft-04 file)
    with jsonschema's Draft4Validator;
 2. what GitHub requires on top of the schema (reference/peer-linters.md
    section 7): one run with a category, rules with unique ids and the
    required texts, results that point at a rule by id and index, a message,
    exactly one location with a relative file URI and a 1-based region,
    links in the message that name defined related locations, and
    partialFingerprints; at most 5,000 results.

Exit 0 when every file passes, 1 with one line per problem otherwise, and
77 ("skipped") when the schema file is absent or jsonschema cannot be
imported (a user's clone without the shared corpus, or without Debian's
python3-jsonschema).
"""
import json
import re
import sys

SKIP = 77
MAX_RESULTS = 5000
MAX_DESCRIPTION = 1024
MAX_TAGS = 10
LEVELS = ("none", "note", "warning", "error")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# RFC 3986 path characters: unreserved, sub-delims, ':', '@', '/', and %XX
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")
LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\((\d+)\)")


class Checker:
    def __init__(self, name):
        self.name = name
        self.problems = []

    def bad(self, where, what):
        self.problems.append("%s: %s: %s" % (self.name, where, what))

    def text(self, obj, key, where, limit=None):
        """obj[key].text must be a non-empty string (GitHub: no empty strings)."""
        m = obj.get(key) if isinstance(obj, dict) else None
        t = m.get("text") if isinstance(m, dict) else None
        if not isinstance(t, str) or not t:
            self.bad(where, "%s.text is missing or empty" % key)
            return None
        if limit and len(t) > limit:
            self.bad(where, "%s.text is %d characters, over GitHub's %d" % (key, len(t), limit))
        return t

    def uri(self, loc, where):
        """A file URI relative to the repository root, as GitHub resolves it."""
        art = loc.get("physicalLocation", {}).get("artifactLocation")
        if not isinstance(art, dict):
            self.bad(where, "physicalLocation.artifactLocation is missing")
            return
        uri = art.get("uri")
        if not isinstance(uri, str) or not uri:
            self.bad(where, "artifactLocation.uri is missing or empty")
            return
        if SCHEME.match(uri):
            self.bad(where, "artifactLocation.uri '%s' has a scheme; it must be relative" % uri)
        if uri.startswith("/"):
            self.bad(where, "artifactLocation.uri '%s' is absolute; it must be relative" % uri)
        if uri == ".." or uri.startswith("../") or "/../" in uri:
            self.bad(where, "artifactLocation.uri '%s' leaves the repository" % uri)
        if not URI_CHARS.match(uri):
            self.bad(where, "artifactLocation.uri '%s' has characters that must be percent-encoded" % uri)

    def region(self, reg, where, need_line):
        if reg is None:
            if need_line:
                self.bad(where, "region is missing")
            return
        if not isinstance(reg, dict):
            self.bad(where, "region is not an object")
            return
        line = reg.get("startLine")
        if line is None:
            if need_line:
                self.bad(where, "region.startLine is missing")
        elif not isinstance(line, int) or line < 1:
            self.bad(where, "region.startLine must be at least 1, not %r" % (line,))
        col = reg.get("startColumn")
        if col is not None and (not isinstance(col, int) or col < 1):
            self.bad(where, "region.startColumn must be at least 1, not %r" % (col,))
        end = reg.get("endLine")
        if isinstance(end, int) and isinstance(line, int) and end < line:
            self.bad(where, "region.endLine %d is before startLine %d" % (end, line))
        ecol = reg.get("endColumn")
        if ecol is not None and (not isinstance(ecol, int) or ecol < 1):
            self.bad(where, "region.endColumn must be at least 1, not %r" % (ecol,))
        if (isinstance(ecol, int) and isinstance(col, int) and ecol < col
                and (end is None or end == line)):
            self.bad(where, "region.endColumn %d is before startColumn %d on one line" % (ecol, col))

    def message_links(self, text, where, ids):
        """Every [text](n) must name a related location; literal brackets
        must be escaped, or a viewer reads them as a link."""
        for m in LINK.finditer(text):
            if int(m.group(2)) not in ids:
                self.bad(where, "message links to related location %s, which is not defined"
                         % m.group(2))
        rest = LINK.sub("", re.sub(r"\\.", "", text))
        if "[" in rest or "]" in rest:
            self.bad(where, "message has an unescaped '[' or ']' outside a link")

    def rules(self, run):
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            self.bad("runs[0].tool.driver", "name is missing")
        rules = driver.get("rules")
        if not isinstance(rules, list):
            self.bad("runs[0].tool.driver", "rules[] is missing")
            return []
        seen = set()
        for i, r in enumerate(rules):
            where = "rules[%d]" % i
            rid = r.get("id")
            if not rid:
                self.bad(where, "id is missing")
            elif rid in seen:
                self.bad(where, "duplicate rule id '%s'" % rid)
            seen.add(rid)
            where = "rule %s" % rid
            self.text(r, "shortDescription", where, MAX_DESCRIPTION)
            self.text(r, "fullDescription", where, MAX_DESCRIPTION)
            self.text(r, "help", where)
            if len(r.get("name", "")) > 255:
                self.bad(where, "name is over 255 characters")
            props = r.get("properties", {})
            tags = props.get("tags", [])
            if len(tags) > MAX_TAGS:
                self.bad(where, "%d tags; GitHub keeps %d" % (len(tags), MAX_TAGS))
            sev = props.get("security-severity")
            if sev is not None:
                try:
                    ok = 0.0 < float(sev) <= 10.0
                except (TypeError, ValueError):
                    ok = False
                if not isinstance(sev, str) or not ok:
                    self.bad(where, "security-severity %r is not a string score over 0.0 up to 10.0"
                             % (sev,))
        return rules

    def result(self, i, res, rules):
        where = "results[%d]" % i
        rid = res.get("ruleId")
        idx = res.get("ruleIndex")
        ids = [r.get("id") for r in rules]
        if rid is None:
            self.bad(where, "ruleId is missing")
        elif rid not in ids:
            self.bad(where, "ruleId '%s' names no rule of tool.driver.rules" % rid)
        if idx is None:
            self.bad(where, "ruleIndex is missing")
        elif not isinstance(idx, int) or not 0 <= idx < len(rules):
            self.bad(where, "ruleIndex %r is out of range" % (idx,))
        elif rules[idx].get("id") != rid:
            self.bad(where, "ruleIndex %d points at '%s', not ruleId '%s'"
                     % (idx, rules[idx].get("id"), rid))
        if res.get("level", "warning") not in LEVELS:
            self.bad(where, "level %r is not one of %s" % (res.get("level"), ", ".join(LEVELS)))
        text = self.text(res, "message", where)
        locs = res.get("locations")
        if not isinstance(locs, list) or len(locs) != 1:
            self.bad(where, "must have exactly one location, not %s"
                     % (len(locs) if isinstance(locs, list) else "none"))
        else:
            self.uri(locs[0], where + ".locations[0]")
            self.region(locs[0].get("physicalLocation", {}).get("region"),
                        where + ".locations[0]", True)
        related = res.get("relatedLocations", [])
        rel_ids = set()
        for j, loc in enumerate(related):
            rwhere = "%s.relatedLocations[%d]" % (where, j)
            rel = loc.get("id")
            if rel in rel_ids:
                self.bad(rwhere, "duplicate id %r" % (rel,))
            rel_ids.add(rel)
            if "physicalLocation" in loc:
                self.uri(loc, rwhere)
                self.region(loc["physicalLocation"].get("region"), rwhere, False)
        if text:
            self.message_links(text, where, rel_ids)
        fps = res.get("partialFingerprints")
        if not isinstance(fps, dict) or not fps:
            self.bad(where, "partialFingerprints is missing")
        for k, fix in enumerate(res.get("fixes", [])):
            for change in fix.get("artifactChanges", []):
                self.uri({"physicalLocation": change}, "%s.fixes[%d]" % (where, k))
                for rep in change.get("replacements", []):
                    self.region(rep.get("deletedRegion"), "%s.fixes[%d]" % (where, k), True)
        for k, sup in enumerate(res.get("suppressions", [])):
            if sup.get("kind") not in ("inSource", "external"):
                self.bad("%s.suppressions[%d]" % (where, k), "kind %r" % (sup.get("kind"),))

    def notifications(self, run):
        for i, inv in enumerate(run.get("invocations", [])):
            for j, n in enumerate(inv.get("toolExecutionNotifications", [])):
                where = "invocations[%d].toolExecutionNotifications[%d]" % (i, j)
                self.text(n, "message", where)
                for k, loc in enumerate(n.get("locations", [])):
                    if "physicalLocation" in loc:
                        self.uri(loc, "%s.locations[%d]" % (where, k))
                        self.region(loc["physicalLocation"].get("region"), where, False)

    def github(self, doc):
        if doc.get("version") != "2.1.0":
            self.bad("log", "version must be 2.1.0")
        if not doc.get("$schema"):
            self.bad("log", "$schema is missing")
        runs = doc.get("runs")
        if not isinstance(runs, list) or len(runs) != 1:
            self.bad("log", "must have exactly one run, not %s"
                     % (len(runs) if isinstance(runs, list) else "none"))
            return
        run = runs[0]
        if not run.get("automationDetails", {}).get("id"):
            self.bad("runs[0]", "automationDetails.id (the category) is missing")
        rules = self.rules(run)
        results = run.get("results")
        if not isinstance(results, list):
            self.bad("runs[0]", "results[] is missing")
            return
        if len(results) > MAX_RESULTS:
            self.bad("runs[0]", "%d results; GitHub keeps %d" % (len(results), MAX_RESULTS))
        for i, res in enumerate(results):
            self.result(i, res, rules)
        self.notifications(run)


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: validate.py SCHEMA SARIF...\n")
        return 2
    try:
        import jsonschema
    except ImportError:
        print("skipped: python3-jsonschema is not installed")
        return SKIP
    try:
        with open(argv[1], encoding="utf-8") as f:
            schema = json.load(f)
    except FileNotFoundError:
        print("skipped: no SARIF schema at %s" % argv[1])
        return SKIP
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in argv[2:]:
        c = Checker(path)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            c.bad("file", "not readable JSON: %s" % e)
            doc = None
        if doc is not None:
            for e in sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path]):
                where = "/".join(str(p) for p in e.absolute_path) or "(root)"
                c.bad("schema at " + where, e.message)
            if isinstance(doc, dict):
                c.github(doc)
        for p in c.problems:
            print(p)
        if c.problems:
            failed = True
        else:
            print("%s: valid SARIF 2.1.0, GitHub code scanning requirements met" % path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
