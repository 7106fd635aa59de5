#!/usr/bin/env python3
"""ghlinehash.py: GitHub code scanning's primaryLocationLineHash, in Python.

An implementation independent of linter/linehash.c, written from the
description of github/codeql-action's src/fingerprints.ts (its `hash`
function), so that the two can check each other:

  - the file is decoded as UTF-8 the way Node's stream decoder does it (an
    invalid sequence becomes U+FFFD) and read as UTF-16 code units
    (JavaScript's charCodeAt), so a character outside the BMP is two units;
  - spaces and tabs are skipped; CR and CRLF are one LF;
  - a rolling hash over a window of the next 100 units kept, starting at
    each line: hash = hash * 37 + unit - 37^100 * unit leaving the window,
    in signed 64-bit arithmetic that wraps (Long), printed as unsigned hex;
  - after the text one 0xFFFF unit (the reference's EOF), then zeros until
    every line started has its hash;
  - each line's value is "<hex>:<n>", n counting the lines so far (this one
    included) with an equal hash.

    ghlinehash.py FILE               print one value per line of FILE
    ghlinehash.py --vectors JSON     check {"vectors": [{"input", "hashes"}]}
    ghlinehash.py --write-vectors    print vectors of our own (see VECTORS)

Imported by ghcheck.py, which recomputes every line hash of a SARIF log.
"""
import json
import sys

BLOCK_SIZE = 100
MOD = 37
MASK = (1 << 64) - 1
EOF_UNIT = 0xFFFF
TAB, SPACE, LF, CR = 9, 32, 10, 13


def utf16_units(text):
    """The UTF-16 code units of a str, as JavaScript sees the string."""
    data = text.encode("utf-16-le", "surrogatepass")
    return [data[i] | data[i + 1] << 8 for i in range(0, len(data), 2)]


def decode(data):
    """Bytes as Node decodes a file read with the "utf8" encoding."""
    return data.decode("utf-8", errors="replace")


def line_hashes(data):
    """The value of every line of data (bytes), line 1 first."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    first_mod = pow(MOD, BLOCK_SIZE, 1 << 64)
    window = [0] * BLOCK_SIZE
    line_numbers = [-1] * BLOCK_SIZE
    state = {"hash": 0, "index": 0, "line": 0, "line_start": True, "prev_cr": False}
    counts = {}
    out = {}

    def output_hash():
        value = "%x" % state["hash"]
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[state["index"]]] = "%s:%d" % (value, counts[value])
        line_numbers[state["index"]] = -1

    def update_hash(current):
        i = state["index"]
        begin = window[i]
        window[i] = current
        state["hash"] = (MOD * state["hash"] + current - first_mod * begin) & MASK
        state["index"] = (i + 1) % BLOCK_SIZE

    def process(current):
        if current in (SPACE, TAB) or (state["prev_cr"] and current == LF):
            state["prev_cr"] = False
            return
        if current == CR:
            current = LF
            state["prev_cr"] = True
        else:
            state["prev_cr"] = False
        if line_numbers[state["index"]] != -1:
            output_hash()
        if state["line_start"]:
            state["line_start"] = False
            state["line"] += 1
            line_numbers[state["index"]] = state["line"]
        if current == LF:
            state["line_start"] = True
        update_hash(current)

    for unit in utf16_units(decode(data)):
        process(unit)
    process(EOF_UNIT)
    for _ in range(BLOCK_SIZE):
        if line_numbers[state["index"]] != -1:
            output_hash()
        update_hash(0)
    return [out[n] for n in sorted(out)]


# Texts for vectors of our own: what the SARIF writer meets in templates,
# plans and .tf files, and every corner of the algorithm.
VECTORS = [
    "",
    "\n",
    "a",
    "Resources:\n  Vpc:\n    Type: AWS::EC2::VPC\n    Properties:\n      CidrBlock: 10.0.0.0/16\n",
    "a\r\nb\rc\n\nd",
    "x: 1\n  y: 2\n\tz: 3\n",
    "same\nsame\nsame\n",
    "Tags:\n  - {Key: Name, Value: \"caf\u00e9 \U0001F600 \u2603\"}\n  CidrBlock: 10.1.0.0/16\n",
    "resource \"aws_vpc\" \"a\" {\n  cidr_block = \"10.0.0.0/16\"\n}\n",
    "{\"format_version\":\"1.2\",\"resource_changes\":[" + ",".join(
        "{\"address\":\"aws_vpc.v%d\"}" % i for i in range(8)) + "]}",
    "long line " + "x" * 250 + "\nshort\n" + "y " * 120 + "\n",
    " \t \n\t\n  \n",
    "\U0001F600" * 60 + "\n" + "\u00e9" * 120 + "\n",
]
# Invalid UTF-8, as bytes: Node replaces it, and so must both of us.
VECTOR_BYTES = [
    b"ok\n\xff\xfe bad\n\xe2\x82 cut\n\xf0\x9f\x98\n\xed\xa0\x80 surrogate\n\xc0\xaf\n",
]


def own_vectors():
    vectors = [{"input": t, "hashes": line_hashes(t)} for t in VECTORS]
    vectors += [{"input_hex": b.hex(), "hashes": line_hashes(b)} for b in VECTOR_BYTES]
    return vectors


def check_vectors(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    failures = 0
    for k, v in enumerate(doc["vectors"]):
        data = bytes.fromhex(v["input_hex"]) if "input_hex" in v else v["input"].encode("utf-8")
        got = line_hashes(data)
        if got != v["hashes"]:
            failures += 1
            print("vector %d: got %s, want %s" % (k, got, v["hashes"]))
    print("ghlinehash: %d vectors from %s, %d failed" % (len(doc["vectors"]), path, failures))
    return 1 if failures else 0


def main(argv):
    if len(argv) == 3 and argv[1] == "--vectors":
        return check_vectors(argv[2])
    if len(argv) == 2 and argv[1] == "--write-vectors":
        json.dump({"about": "primaryLocationLineHash values computed by "
                   "tests/sarif/ghlinehash.py (a port of codeql-action's "
                   "fingerprints.ts); linter/linehash.c must give the same. "
                   "input_hex: the input as bytes, for invalid UTF-8.",
                   "vectors": own_vectors()}, sys.stdout, indent=1, ensure_ascii=True)
        sys.stdout.write("\n")
        return 0
    if len(argv) == 2:
        with open(argv[1], "rb") as f:
            for i, h in enumerate(line_hashes(f.read()), 1):
                print("%d %s" % (i, h))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
