#!/usr/bin/env python3
"""validate.py: check SARIF files against the official SARIF 2.1.0 schema.

    validate.py SCHEMA SARIF...

SCHEMA is the OASIS draft-04 file (the shared corpus has it as
oasis__sarif-schema-2.1.0.json); jsonschema's Draft4Validator does the
work.  What GitHub requires beyond the schema is ghcheck.py's job, which
needs no schema and runs in every clone; CMake registers the tests that
call this one only where the schema and Debian's python3-jsonschema are
present.

Exit 0 when every file passes, 1 with one line per problem otherwise.
"""
import json
import sys


def main(argv):
    if len(argv) < 3:
        sys.stderr.write("usage: validate.py SCHEMA SARIF...\n")
        return 2
    import jsonschema
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft4Validator(schema)
    failed = False
    for path in argv[2:]:
        problems = []
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, ValueError) as e:
            problems.append("not readable JSON: %s" % e)
            doc = None
        if doc is not None:
            for e in sorted(validator.iter_errors(doc),
                            key=lambda e: [str(p) for p in e.absolute_path]):
                where = "/".join(str(p) for p in e.absolute_path) or "(root)"
                problems.append("schema at %s: %s" % (where, e.message))
        for p in problems:
            print("%s: %s" % (path, p))
        if problems:
            failed = True
        else:
            print("%s: valid SARIF 2.1.0" % path)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
