#!/usr/bin/env python3
"""check_plan_schema.py: keep the address-plan schema and the reader in step.

    check_plan_schema.py SCHEMA CIDRLINT PLAN...

For each address plan (YAML) it asks two questions and checks that the
answers agree:
 1. does the plan validate against SCHEMA (parsers/cidrlint-plan.schema.json,
    JSON Schema draft 2020-12, with jsonschema's Draft202012Validator)?
 2. does 'CIDRLINT -p PLAN <an empty temporary directory>' accept it, that
    is, exit with a status other than 2?
A plan the schema accepts must be one cidrlint accepts, and the other way
round.  Three more pairs of answers are checked first: plans generated
here that name every rule 'CIDRLINT --list-rules' prints, one by id, one
by id in lower case and one by name, so that a rule added to the catalogue
but not to the schema shows up.

Some refusals no JSON Schema can express (host bits set, overlapping
segments, a repeated segment name or key, min greater than max, a regular
expression PCRE2 cannot compile).  A plan that exists to show one of them
says so in a comment line of its own:
    # schema-cannot-check: host bits set
and then the expected answers are "schema valid" and "cidrlint exit 2";
anything else (the schema now catches it, or cidrlint accepts it) is a
mismatch, so that such a marker cannot go stale.

The YAML is read the way cidrlint's libyaml reads it: YAML 1.1 (a bare off,
no or false is the boolean false), with python3-yaml's libyaml binding when
it is there, except that dates stay strings (an editor's YAML 1.2 reader
keeps them as text too, and the schema checks their text).

Prints one line per plan, 'ok' or 'MISMATCH' with both answers, and exits 1
when any plan mismatches, 0 otherwise, 2 on a usage error and 77
("skipped") when python3-yaml or python3-jsonschema cannot be imported.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

SKIP = 77
MARKER = re.compile(r"^[ \t]*#[ \t]*schema-cannot-check:[ \t]*(.*?)[ \t]*$", re.M)
TIMEOUT = 60

try:
    import yaml
    import jsonschema
    from jsonschema.exceptions import best_match
except ImportError as e:
    print("skipped: %s (install Debian's python3-yaml and python3-jsonschema)" % e)
    sys.exit(SKIP)

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class PlanLoader(_BASE):  # pylint: disable=too-many-ancestors
    """Safe YAML 1.1 with dates left as text."""


PlanLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BASE.yaml_implicit_resolvers.items()
}


class NotJson(Exception):
    pass


def to_json(value, where="plan"):
    """The YAML value as JSON data, what a schema validator sees."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if isinstance(k, bool):
                key = "true" if k else "false"
            elif isinstance(k, (str, int, float)):
                key = str(k)
            else:
                raise NotJson("%s: a %s key has no JSON form" % (where, type(k).__name__))
            out[key] = to_json(v, "%s.%s" % (where, key))
        return out
    if isinstance(value, list):
        return [to_json(v, "%s[%d]" % (where, i)) for i, v in enumerate(value)]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise NotJson("%s: a %s value has no JSON form" % (where, type(value).__name__))


def short(text, limit=140):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def schema_verdict(validator, data_bytes):
    """(valid, why): why is the first problem when it is not valid."""
    try:
        doc = yaml.load(data_bytes, Loader=PlanLoader)  # nosec: a safe loader
        doc = to_json(doc)
    except (yaml.YAMLError, NotJson, ValueError) as e:
        return False, "not readable as YAML/JSON: %s" % short(e)
    err = best_match(validator.iter_errors(doc))
    if err is None:
        return True, ""
    path = "".join("[%s]" % json.dumps(p) for p in err.absolute_path) or "(top)"
    return False, "%s: %s" % (path, short(err.message))


def cidrlint_verdict(cidrlint, plan, empty_dir):
    """(exit status, first line of standard error)."""
    try:
        p = subprocess.run([cidrlint, "-p", plan, empty_dir], capture_output=True,
                           text=True, errors="replace", timeout=TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        return -1, "timed out after %d s" % TIMEOUT
    first = p.stderr.splitlines()[0] if p.stderr else ""
    return p.returncode, short(first)


def check(validator, cidrlint, name, plan, data, empty_dir):
    """Print one line; return True when the two answers agree."""
    m = MARKER.search(data.decode("utf-8", "replace"))
    s_ok, s_why = schema_verdict(validator, data)
    rc, first = cidrlint_verdict(cidrlint, plan, empty_dir)
    schema_says = "schema valid" if s_ok else "schema invalid (%s)" % s_why
    lint_says = "cidrlint exit %d" % rc + (" (%s)" % first if rc == 2 and first else "")
    if rc not in (0, 1, 2):
        agree = False
    elif m:
        agree = s_ok and rc == 2
        schema_says += "; marked schema-cannot-check: %s" % m.group(1)
    else:
        agree = s_ok == (rc != 2)
    print("%s %s: %s; %s" % ("ok" if agree else "MISMATCH", name, schema_says, lint_says))
    return agree


def catalogue_plans(cidrlint):
    """Plans that name every rule --list-rules prints: by id, by id in
    lower case, by name (one plan each: a rule set twice is an error)."""
    p = subprocess.run([cidrlint, "--list-rules"], capture_output=True, text=True,
                       timeout=TIMEOUT, check=True)
    rows = [row.split() for row in p.stdout.splitlines()]
    rows = [f for f in rows if len(f) >= 3]
    plans = {}
    for how, name, level in (("id", lambda f: f[0], "off"),
                             ("lower-case id", lambda f: f[0].lower(), "note"),
                             ("name", lambda f: f[2], "warning")):
        lines = ["version: 1", "rules:"] + ["  %s: %s" % (name(f), level) for f in rows]
        plans[how] = ("\n".join(lines) + "\n").encode()
    return plans


def main(argv):
    if len(argv) < 4:
        sys.stderr.write("usage: check_plan_schema.py SCHEMA CIDRLINT PLAN...\n")
        return 2
    schema_path, cidrlint, plans = argv[1], argv[2], argv[3:]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="check-plan-schema.") as tmp:
        empty_dir = os.path.join(tmp, "empty")
        os.mkdir(empty_dir)
        generated = catalogue_plans(cidrlint)
        for i, (how, data) in enumerate(generated.items()):
            gen = os.path.join(tmp, "every-rule-%d.yaml" % i)
            with open(gen, "wb") as f:
                f.write(data)
            failed += not check(validator, cidrlint, "(every rule of --list-rules, by %s)" % how,
                                gen, data, empty_dir)
        for plan in plans:
            try:
                with open(plan, "rb") as f:
                    data = f.read()
            except OSError as e:
                print("MISMATCH %s: cannot read: %s" % (plan, e.strerror))
                failed += 1
                continue
            failed += not check(validator, cidrlint, plan, plan, data, empty_dir)
    print("%d passed, %d failed" % (len(plans) + len(generated) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
