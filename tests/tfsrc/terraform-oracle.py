#!/usr/bin/env python3
"""terraform-oracle.py: what Terraform itself computes for a fixture.

A developer tool, never a test dependency: it needs `terraform` on PATH and
runs it offline.  It copies a configuration (a root module directory and
its local modules), turns every `resource "aws_X" "n"` into the built-in
`resource "terraform_data" "aws_X__n"` whose `input` holds the resource's
arguments, points references to the copies (`aws_X.n.attr` becomes
`terraform_data.aws_X__n.input.attr` (input is known at plan time, as a configured argument of an aws_* resource is), `.id` stays the id), drops provider
blocks, runs `terraform init` and `terraform plan`, and prints, for every
instance, its address as the aws_* resource would have it and the
arguments cidrlint reads (cidr_block, ipv6_cidr_block, vpc_id, tags, ...),
as Terraform computed them.  Unknown values print as (known after apply).

    terraform-oracle.py DIR [-- TERRAFORM-PLAN-ARGS...]

The fixtures are written in a plain style this rewriting understands
(blocks open on the header line and close with `}` in column 1).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

META = ("count", "for_each", "provider", "depends_on", "lifecycle")
READ = ("cidr_block", "ipv6_cidr_block", "vpc_id", "tags", "ipv4_ipam_pool_id",
        "ipv4_netmask_length", "assign_generated_ipv6_cidr_block", "ipv6_native")
REF = re.compile(r'(?<![\w"./-])(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)((?:\[[^\]]*\])?)(?:\.([A-Za-z_]\w*))?')


def rewrite_refs(text):
    def sub(m):
        t, n, idx, attr = m.group(1), m.group(2), m.group(3), m.group(4)
        base = "terraform_data.%s__%s%s" % (t, n, idx)
        if attr is None:
            return base  # the whole resource: its instances (length(), for_each)
        if attr == "id":
            return base + ".id"
        return base + ".input." + attr
    return REF.sub(sub, text)


def rewrite(text):
    out, i, lines = [], 0, text.split("\n")
    while i < len(lines):
        line = lines[i]
        m = re.match(r'resource "(aws_[a-z0-9_]+)" "([^"]+)" \{\s*$', line)
        if re.match(r'provider "[^"]+" \{', line):
            while i < len(lines) and lines[i] != "}":
                i += 1
            i += 1
            continue
        if not m:
            out.append(rewrite_refs(line))
            i += 1
            continue
        body = []
        i += 1
        while lines[i] != "}":
            body.append(lines[i])
            i += 1
        i += 1
        meta, args, depth = [], [], 0
        for b in body:
            stripped = b.strip()
            key = stripped.split("=")[0].strip() if "=" in stripped else ""
            if depth == 0 and key in META:
                meta.append(rewrite_refs(b))
            else:
                args.append(rewrite_refs(b))
            depth += b.count("{") + b.count("[") + b.count("(") - b.count("}") - b.count("]") - b.count(")")
        out.append('resource "terraform_data" "%s__%s" {' % (m.group(1), m.group(2)))
        out.extend(meta)
        out.append("  input = {")
        out.extend(args)
        out.append("  }")
        out.append("}")
    return "\n".join(out)


def rewrite_json(text):
    """The same for Terraform's JSON syntax (.tf.json)."""
    doc = json.loads(text)

    def refs(v):
        if isinstance(v, str):
            return rewrite_refs(v)
        if isinstance(v, list):
            return [refs(x) for x in v]
        if isinstance(v, dict):
            return {k: refs(x) for k, x in v.items()}
        return v
    doc.pop("provider", None)
    res = doc.get("resource") or {}
    out = {}
    for t, byname in list(res.items()):
        for n, body in byname.items():
            if not t.startswith("aws_"):
                out.setdefault(t, {})[n] = refs(body)
                continue
            meta = {k: refs(v) for k, v in body.items() if k in META}
            meta["input"] = {k: refs(v) for k, v in body.items() if k not in META and k != "//"}
            out.setdefault("terraform_data", {})["%s__%s" % (t, n)] = meta
    if res:
        doc["resource"] = out
    for k in list(doc):
        if k != "resource":
            doc[k] = refs(doc[k])
    return json.dumps(doc, indent=2)


def main():
    src = os.path.abspath(sys.argv[1])
    extra = sys.argv[3:] if len(sys.argv) > 2 and sys.argv[2] == "--" else []
    tmp = tempfile.mkdtemp()
    try:
        top = os.path.dirname(src)
        dst_top = os.path.join(tmp, "c")
        shutil.copytree(top, dst_top, ignore=shutil.ignore_patterns(".terraform*", "expected*", "cmd"))
        for d, _, files in os.walk(dst_top):
            for f in files:
                if f.endswith(".tf") or f.endswith(".tf.json"):
                    p = os.path.join(d, f)
                    with open(p) as fh:
                        t = fh.read()
                    with open(p, "w") as fh:
                        fh.write(rewrite_json(t) if f.endswith(".json") else rewrite(t))
        root = os.path.join(dst_top, os.path.basename(src))
        env = dict(os.environ, TF_IN_AUTOMATION="1", CHECKPOINT_DISABLE="1")
        run = lambda *a: subprocess.run(["terraform", *a], cwd=root, env=env, check=True,
                                        capture_output=True, text=True)
        run("init", "-input=false", "-backend=false")
        run("plan", "-input=false", "-refresh=false", "-out=p.out", *extra)
        plan = json.loads(run("show", "-json", "p.out").stdout)
        rows = []

        def walk(mod, unknown):
            for r in mod.get("resources", []):
                addr = r["address"]
                m = re.match(r'(.*?)terraform_data\.(aws_[a-z0-9_]+?)__([^\[]+)(.*)$', addr)
                if not m:
                    continue
                name = "%s%s.%s%s" % (m.group(1), m.group(2), m.group(3), m.group(4))
                vals = r["values"].get("input") or {}
                unk = (unknown.get(addr) or {}).get("input") or {}
                show = {}
                for k in READ:
                    if unk is True or (isinstance(unk, dict) and unk.get(k) is True):
                        show[k] = "(known after apply)"
                    elif isinstance(vals, dict) and vals.get(k) is not None:
                        show[k] = vals[k]
                rows.append((name, show))
            for c in mod.get("child_modules", []):
                walk(c, unknown)
        unknown = {}
        for rc in plan.get("resource_changes", []):
            unknown[rc["address"]] = rc["change"].get("after_unknown") or {}
        walk(plan["planned_values"]["root_module"], unknown)
        for name, show in sorted(rows):
            print(name, json.dumps(show, sort_keys=True))
    except subprocess.CalledProcessError as e:
        sys.stderr.write(e.stdout + e.stderr)
        sys.exit(1)
    finally:
        shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
