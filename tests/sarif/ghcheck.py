#!/usr/bin/env python3
"""ghcheck.py: read SARIF the way GitHub code scanning reads it.

    ghcheck.py [--root DIR] [--category CAT | --no-category]
               [--suppressed | --no-suppressed] SARIF...

Not a schema check (validate.py does that where the OASIS schema is
present): this checks what GitHub documents and does on upload
(reference/peer-linters.md section 7, codeql-action's upload-lib.ts and
fingerprints.ts), and what cidrlint promises on top:

  log and run   version 2.1.0 and $schema; one run (GitHub takes 20, and no
                two with one category: cidrlint writes one); tool.driver.name;
                gzip-compressed size at most 10 MB.
  category      --category CAT: automationDetails.id is CAT/ (GitHub reads
                everything up to the last '/'), never an empty category;
                --no-category: no automationDetails at all, because
                upload-sarif applies its own `category:` only then.
  rules         unique ids; shortDescription.text and fullDescription.text
                present, non-empty, at most 1,024 characters; help.text;
                name at most 255; at most 10 tags (GitHub keeps 10);
                security-severity a string score over 0.0 up to 10.0;
                precision and problem.severity from GitHub's lists;
                helpUri pinned to a release tag (blob/v<version>/), so an
                old alert links to the rule as it was.
  results       at most 5,000 (GitHub keeps the top 5,000); ruleId names a
                rule and ruleIndex points at it; a level GitHub knows; a
                non-empty message whose [text](n) links name related
                locations and whose literal brackets are escaped; exactly
                one location (GitHub uses only the first).
  regions       every region has startLine, startColumn, endLine and
                endColumn, 1-based, the end not before the start; with
                --root, inside the file's lines, counted in UTF-16 code
                units, never inside a surrogate pair.
  URIs          relative and percent-encoded, no scheme, no '/' start and
                never a '..' segment; or an absolute file:/// URI for a
                file outside the repository, which a notification names.
  suppressions  every result of the run has `suppressions`, or none does
                (SARIF 2.1.0 section 3.27.23); --no-suppressed: none, and
                no suppressed result is written (GitHub would show it as an
                open alert); --suppressed: every one has the array.
  fingerprints  partialFingerprints.primaryLocationLineHash on every
                result, "<hex>:<n>"; with --root, for a result in a file
                under DIR, equal to what upload-sarif computes for its
                startLine (ghlinehash.py), unless it is the identity hash
                (cidrlint/v1 + ":1") of a result in a JSON input (a plan,
                state or inventory: GitHub would hash line 1 of a one-line
                plan).
  invocations   executionSuccessful present; false only with at least one
                error notification, so a failed run says why; notification
                messages non-empty, their locations checked as above.

Exit 0 when every file passes, 1 with one line per problem otherwise.
"""
import argparse
import gzip
import json
import os
import re
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ghlinehash  # noqa: E402

MAX_RESULTS = 5000
MAX_DESCRIPTION = 1024
MAX_NAME = 255
MAX_TAGS = 10
MAX_GZIP = 10 * 1024 * 1024
LEVELS = ("none", "note", "warning", "error")
PRECISIONS = ("very-high", "high", "medium", "low")
PROBLEM_SEVERITIES = ("error", "warning", "recommendation")
SUPPRESSION_KINDS = ("inSource", "external")
SUPPRESSION_STATUSES = ("accepted", "underReview", "rejected")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
# RFC 3986 path characters: unreserved, sub-delims, ':', '@', '/', and %XX
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$")
LINK = re.compile(r"\[((?:[^\[\]\\]|\\.)*)\]\((\d+)\)")
LINE_HASH = re.compile(r"^[0-9a-f]+:[1-9][0-9]*$")
HELP_URI = re.compile(r"/blob/v[0-9][^/]*/")


class Source:
    """A file of the repository as GitHub reads it: its lines as UTF-16."""

    def __init__(self, path):
        with open(path, "rb") as f:
            self.data = f.read()
        text = ghlinehash.decode(self.data)
        # the parsers and GitHub split lines at LF; a CR before it is not text
        self.lines = [ghlinehash.utf16_units(line.rstrip("\r")) for line in text.split("\n")]
        self.hashes = None

    def is_json(self):
        """A JSON document, in UTF-8 or (a BOM first) UTF-16, or gzipped
        (a CloudTrail log file as S3 stores it): GitHub can show no line
        of it, so the identity hash stands in."""
        data = self.data
        if data[:2] == b"\x1f\x8b":
            try:
                data = gzip.decompress(data)
            except (OSError, EOFError):
                return False
        for bom, enc in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
                         (b"\xef\xbb\xbf", "utf-8")):
            if data.startswith(bom):
                data = data[len(bom):].decode(enc, "replace").encode("utf-8")
                break
        return data.lstrip()[:1] in (b"{", b"[")

    def line_hash(self, line):
        if self.hashes is None:
            self.hashes = ghlinehash.line_hashes(self.data)
        return self.hashes[line - 1] if 1 <= line <= len(self.hashes) else None


class Checker:
    def __init__(self, name, opts):
        self.name = name
        self.opts = opts
        self.problems = []
        self.sources = {}
        self.outside = set()  # absolute URIs used

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

    # --- files and URIs ----------------------------------------------------

    def source(self, uri):
        """The repository file a relative URI names, or None."""
        if self.opts.root is None or uri.startswith("file:"):
            return None
        path = os.path.join(self.opts.root, urllib.parse.unquote(uri))
        if path not in self.sources:
            try:
                self.sources[path] = Source(path) if os.path.isfile(path) else None
            except OSError:
                self.sources[path] = None
        return self.sources[path]

    def uri(self, phys, where):
        """The artifact URI; returns it when it is usable."""
        art = phys.get("artifactLocation") if isinstance(phys, dict) else None
        if not isinstance(art, dict):
            self.bad(where, "physicalLocation.artifactLocation is missing")
            return None
        uri = art.get("uri")
        if not isinstance(uri, str) or not uri:
            self.bad(where, "artifactLocation.uri is missing or empty")
            return None
        if not URI_CHARS.match(uri):
            self.bad(where, "artifactLocation.uri '%s' has characters that must be percent-encoded"
                     % uri)
        segments = uri.split("/")
        if ".." in segments:
            self.bad(where, "artifactLocation.uri '%s' has a '..' segment, which GitHub cannot "
                     "place" % uri)
        if uri.startswith("file:"):
            if not uri.startswith("file:///"):
                self.bad(where, "artifactLocation.uri '%s' is a file URI without an absolute path"
                         % uri)
            elif self.opts.root is not None:
                path = urllib.parse.unquote(uri[len("file://"):])
                root = os.path.realpath(self.opts.root)
                if path == root or path.startswith(root.rstrip("/") + "/"):
                    self.bad(where, "artifactLocation.uri '%s' is absolute for a file inside the "
                             "repository; it must be relative" % uri)
            self.outside.add(uri)
        elif SCHEME.match(uri):
            self.bad(where, "artifactLocation.uri '%s' has a scheme other than file" % uri)
        elif uri.startswith("/"):
            self.bad(where, "artifactLocation.uri '%s' is an absolute path, not a URI" % uri)
        if "uriBaseId" in art:
            self.bad(where, "uriBaseId is not honoured by code scanning")
        return uri

    def region(self, reg, where, uri, required):
        if reg is None:
            if required:
                self.bad(where, "region is missing")
            return None
        if not isinstance(reg, dict):
            self.bad(where, "region is not an object")
            return None
        vals = {}
        for key in ("startLine", "startColumn", "endLine", "endColumn"):
            v = reg.get(key)
            if v is None:
                self.bad(where, "region.%s is missing (GitHub requires all four)" % key)
            elif not isinstance(v, int) or isinstance(v, bool) or v < 1:
                self.bad(where, "region.%s must be an integer of at least 1, not %r" % (key, v))
            else:
                vals[key] = v
        if len(vals) != 4:
            return None
        start = (vals["startLine"], vals["startColumn"])
        end = (vals["endLine"], vals["endColumn"])
        if end < start:
            self.bad(where, "region ends (%d:%d) before it starts (%d:%d)" % (end + start))
        src = self.source(uri) if uri else None
        # a UTF-16 file GitHub reads as UTF-8 garbage: there is no column to check
        if src is not None and not src.data.startswith((b"\xff\xfe", b"\xfe\xff")):
            for line, col, what in ((start[0], start[1], "start"), (end[0], end[1], "end")):
                if line > len(src.lines):
                    self.bad(where, "region %s line %d is past the file's %d lines"
                             % (what, line, len(src.lines)))
                    continue
                units = src.lines[line - 1]
                if col > len(units) + 1:
                    self.bad(where, "region %s column %d is past the end of line %d (%d UTF-16 "
                             "units)" % (what, col, line, len(units)))
                elif 1 < col <= len(units) and 0xDC00 <= units[col - 1] <= 0xDFFF:
                    self.bad(where, "region %s column %d is inside a surrogate pair: columns "
                             "must count UTF-16 code units" % (what, col))
        return vals

    # --- the parts of a run --------------------------------------------------

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
        version = driver.get("semanticVersion") or driver.get("version")
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
            if len(r.get("name", "")) > MAX_NAME:
                self.bad(where, "name is over %d characters" % MAX_NAME)
            level = r.get("defaultConfiguration", {}).get("level")
            if level is not None and level not in LEVELS:
                self.bad(where, "defaultConfiguration.level %r" % (level,))
            uri = r.get("helpUri")
            if uri is not None:
                if not HELP_URI.search(uri):
                    self.bad(where, "helpUri '%s' is not pinned to a release tag "
                             "(blob/v<version>/)" % uri)
                elif version and "/blob/v%s/" % version not in uri:
                    self.bad(where, "helpUri '%s' is not pinned to this version, v%s"
                             % (uri, version))
            props = r.get("properties", {})
            tags = props.get("tags", [])
            if len(tags) > MAX_TAGS:
                self.bad(where, "%d tags; GitHub keeps %d" % (len(tags), MAX_TAGS))
            if props.get("precision") not in (None,) + PRECISIONS:
                self.bad(where, "precision %r" % (props.get("precision"),))
            if props.get("problem.severity") not in (None,) + PROBLEM_SEVERITIES:
                self.bad(where, "problem.severity %r" % (props.get("problem.severity"),))
            sev = props.get("security-severity")
            if sev is not None:
                try:
                    ok = 0.0 < float(sev) <= 10.0
                except (TypeError, ValueError):
                    ok = False
                if not isinstance(sev, str) or not ok:
                    self.bad(where, "security-severity %r is not a string score over 0.0 up to "
                             "10.0" % (sev,))
        return rules

    def location(self, loc, where, required):
        """A location's URI and region; returns (uri, region values)."""
        phys = loc.get("physicalLocation") if isinstance(loc, dict) else None
        if phys is None:
            if required:
                self.bad(where, "physicalLocation is missing")
            return None, None
        uri = self.uri(phys, where)
        return uri, self.region(phys.get("region"), where, uri, required)

    def fingerprint(self, res, where, uri, reg):
        fps = res.get("partialFingerprints")
        if not isinstance(fps, dict) or not fps:
            self.bad(where, "partialFingerprints is missing")
            return
        value = fps.get("primaryLocationLineHash")
        if not isinstance(value, str) or not LINE_HASH.match(value):
            self.bad(where, "primaryLocationLineHash %r is not '<hex>:<n>'" % (value,))
            return
        src = self.source(uri) if uri else None
        if src is None or reg is None:
            return
        identity = fps.get("cidrlint/v1")
        if identity and value == identity + ":1":
            if not src.is_json():
                self.bad(where, "the identity hash stands in for the line hash of '%s', which "
                         "is not a JSON input" % uri)
            return
        want = src.line_hash(reg["startLine"])
        if value != want:
            self.bad(where, "primaryLocationLineHash %s, but upload-sarif computes %s for %s "
                     "line %d" % (value, want, uri, reg["startLine"]))

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
        uri = reg = None
        if not isinstance(locs, list) or len(locs) != 1:
            self.bad(where, "must have exactly one location, not %s"
                     % (len(locs) if isinstance(locs, list) else "none"))
        else:
            uri, reg = self.location(locs[0], where + ".locations[0]", True)
        rel_ids = set()
        for j, loc in enumerate(res.get("relatedLocations", [])):
            rwhere = "%s.relatedLocations[%d]" % (where, j)
            rel = loc.get("id")
            if rel in rel_ids:
                self.bad(rwhere, "duplicate id %r" % (rel,))
            rel_ids.add(rel)
            self.location(loc, rwhere, False)
        if text:
            self.message_links(text, where, rel_ids)
        self.fingerprint(res, where, uri, reg)
        for k, fix in enumerate(res.get("fixes", [])):
            fwhere = "%s.fixes[%d]" % (where, k)
            self.text(fix, "description", fwhere)
            for change in fix.get("artifactChanges", []):
                furi = self.uri(change, fwhere)
                for rep in change.get("replacements", []):
                    self.region(rep.get("deletedRegion"), fwhere, furi, True)
        sups = res.get("suppressions")
        if sups is not None:
            if not isinstance(sups, list):
                self.bad(where, "suppressions is not an array")
                sups = []
            for k, sup in enumerate(sups):
                swhere = "%s.suppressions[%d]" % (where, k)
                if sup.get("kind") not in SUPPRESSION_KINDS:
                    self.bad(swhere, "kind %r" % (sup.get("kind"),))
                if sup.get("status", "accepted") not in SUPPRESSION_STATUSES:
                    self.bad(swhere, "status %r" % (sup.get("status"),))
                just = sup.get("justification")
                if isinstance(just, str) and re.search(r"(^|\s)/(home|root|tmp|work|Users)/",
                                                       just):
                    self.bad(swhere, "justification has an absolute path: %r" % just)
                if "location" in sup:
                    self.location(sup["location"], swhere, False)

    def notifications(self, run):
        errors = 0
        invs = run.get("invocations")
        if not isinstance(invs, list) or not invs:
            self.bad("runs[0]", "invocations[] is missing")
            return
        for i, inv in enumerate(invs):
            ok = inv.get("executionSuccessful")
            if not isinstance(ok, bool):
                self.bad("invocations[%d]" % i, "executionSuccessful is missing")
            notes = inv.get("toolExecutionNotifications", [])
            for j, n in enumerate(notes):
                where = "invocations[%d].toolExecutionNotifications[%d]" % (i, j)
                self.text(n, "message", where)
                if n.get("level", "warning") not in LEVELS:
                    self.bad(where, "level %r" % (n.get("level"),))
                errors += n.get("level") == "error"
                for k, loc in enumerate(n.get("locations", [])):
                    self.location(loc, "%s.locations[%d]" % (where, k), False)
            if ok is False and not errors:
                self.bad("invocations[%d]" % i, "executionSuccessful is false, but no error "
                         "notification says why")
            if ok is True and errors:
                self.bad("invocations[%d]" % i, "error notifications in a successful run")
            mentioned = " ".join(n.get("message", {}).get("text", "") for n in notes)
            if self.outside and "outside the repository root" not in mentioned:
                self.bad("invocations[%d]" % i, "absolute URIs, but no notification says why")

    def category(self, run):
        auto = run.get("automationDetails")
        if self.opts.category is None and not self.opts.no_category:
            if auto is not None:
                self.check_id(auto)
            return
        if self.opts.no_category:
            if auto is not None:
                self.bad("runs[0]", "automationDetails is written, so upload-sarif's category: "
                         "input would be ignored")
            return
        if not isinstance(auto, dict):
            self.bad("runs[0]", "automationDetails.id (category %s) is missing" % self.opts.category)
            return
        cat = self.check_id(auto)
        want = self.opts.category.rstrip("/")
        if cat is not None and cat != want:
            self.bad("runs[0]", "automationDetails.id gives category '%s', not '%s'" % (cat, want))

    def check_id(self, auto):
        aid = auto.get("id") if isinstance(auto, dict) else None
        if not isinstance(aid, str) or not aid:
            self.bad("runs[0]", "automationDetails.id is missing or empty")
            return None
        cat = aid.rsplit("/", 1)[0] if "/" in aid else aid
        if not cat.strip("/"):
            self.bad("runs[0]", "automationDetails.id '%s' is an empty category" % aid)
        return cat

    def suppressions(self, results):
        have = [isinstance(r, dict) and "suppressions" in r for r in results]
        if any(have) and not all(have):
            self.bad("runs[0]", "%d of %d results have suppressions: all or none (SARIF 2.1.0 "
                     "3.27.23)" % (sum(have), len(have)))
        if self.opts.no_suppressed:
            for i, r in enumerate(results):
                if r.get("suppressions"):
                    self.bad("results[%d]" % i, "a suppressed result is written; GitHub would "
                             "show it as an open alert")
        if self.opts.suppressed and results and not all(have):
            self.bad("runs[0]", "suppressed results asked for, but results lack suppressions")

    def log(self, doc, size_gz):
        if not isinstance(doc, dict):
            self.bad("log", "not a JSON object")
            return
        if doc.get("version") != "2.1.0":
            self.bad("log", "version must be 2.1.0")
        if not doc.get("$schema"):
            self.bad("log", "$schema is missing")
        if size_gz > MAX_GZIP:
            self.bad("log", "%d bytes gzip-compressed, over GitHub's 10 MB" % size_gz)
        runs = doc.get("runs")
        if not isinstance(runs, list) or len(runs) != 1:
            self.bad("log", "must have exactly one run, not %s"
                     % (len(runs) if isinstance(runs, list) else "none"))
            return
        run = runs[0]
        self.category(run)
        rules = self.rules(run)
        results = run.get("results")
        if not isinstance(results, list):
            self.bad("runs[0]", "results[] is missing")
            return
        if len(results) > MAX_RESULTS:
            self.bad("runs[0]", "%d results; GitHub keeps %d" % (len(results), MAX_RESULTS))
        for i, res in enumerate(results):
            if isinstance(res, dict):
                self.result(i, res, rules)
            else:
                self.bad("results[%d]" % i, "not an object")
        self.suppressions([r for r in results if isinstance(r, dict)])
        self.notifications(run)


def parse_args(argv):
    p = argparse.ArgumentParser(description="read SARIF the way GitHub code scanning does")
    p.add_argument("--root", help="the repository root the URIs are relative to")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--category", help="the category the run must have")
    g.add_argument("--no-category", action="store_true", help="the run must have none")
    s = p.add_mutually_exclusive_group()
    s.add_argument("--suppressed", action="store_true",
                   help="suppressed results were asked for: every result has suppressions")
    s.add_argument("--no-suppressed", action="store_true",
                   help="no suppressed result may be written")
    p.add_argument("files", nargs="+")
    return p.parse_args(argv)


def main(argv):
    opts = parse_args(argv[1:])
    failed = False
    for path in opts.files:
        c = Checker(path, opts)
        try:
            with open(path, "rb") as f:
                raw = f.read()
            raw.decode("utf-8")
            doc = json.loads(raw)
        except (OSError, ValueError) as e:
            c.bad("file", "not readable UTF-8 JSON: %s" % e)
            doc = None
        if doc is not None:
            c.log(doc, len(gzip.compress(raw)))
        for problem in c.problems:
            print(problem)
        if c.problems:
            failed = True
        else:
            print("%s: read as GitHub code scanning reads it: no problem" % path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
