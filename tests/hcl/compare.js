#!/usr/bin/env node
// compare.js: cross-check cidrlint's HCL reader (parsers/terraform) with
// HashiCorp's own parser, @cdktf/hcl2json (hashicorp/hcl compiled to
// WebAssembly).  What is compared is written in tests/hcl/README.md.
//
//   node compare.js HCL_DUMP HCL2JSON_DIR FILE...|@LIST
//
// HCL_DUMP is tests/hcl/hcl-dump (it prints our tree, hcl-sexp.h);
// HCL2JSON_DIR is where `npm install @cdktf/hcl2json` was run (or the
// package's own directory).  Exit 0 when every file agrees, 1 on any
// difference (each printed), 2 on a usage or set-up error.
"use strict";

const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

if (process.argv.length < 5) {
  console.error("usage: node compare.js HCL_DUMP HCL2JSON_DIR FILE...");
  process.exit(2);
}
const dumpBin = process.argv[2];
const pkgDir = (() => {
  const d = path.resolve(process.argv[3]);
  const inside = path.join(d, "node_modules", "@cdktf", "hcl2json");
  return fs.existsSync(inside) ? inside : d;
})();
const hcl = require(pkgDir);
// "@LIST" reads the names of the files from the file LIST, one a line
const files = process.argv.slice(4).flatMap((a) =>
  a.startsWith("@") ? fs.readFileSync(a.slice(1), "utf8").split("\n").filter((l) => l) : [a]);

// --- our tree, from hcl-dump's S-expressions ---------------------------

function parseSexp(s) {
  let i = 0;
  function skip() {
    while (i < s.length && (s[i] === " " || s[i] === "\n")) i++;
  }
  function val() {
    skip();
    if (s[i] === "(") {
      i++;
      const out = [];
      for (;;) {
        skip();
        if (s[i] === ")") {
          i++;
          return out;
        }
        if (i >= s.length) throw new Error("unbalanced S-expression");
        out.push(val());
      }
    }
    if (s[i] === '"') {
      let j = i + 1;
      while (s[j] !== '"') {
        if (s[j] === "\\") j++;
        j++;
      }
      const str = JSON.parse(s.slice(i, j + 1));
      i = j + 1;
      return { s: str };
    }
    let j = i;
    while (j < s.length && !" ()\n".includes(s[j])) j++;
    const w = s.slice(i, j);
    i = j;
    const m = /^@(\d+):(\d+):(\d+)-(\d+):(\d+):(\d+)$/.exec(w);
    if (m) return { r: m.slice(1).map(Number) };
    return { w };
  }
  return val();
}

const str = (a) => (a.s !== undefined ? a.s : a.w);
const isNil = (a) => a && a.w === "nil";

function toExpr(l) {
  if (isNil(l)) return null;
  const h = l[0].w;
  let i = 1;
  const e = { k: h };
  const take = () => l[i++];
  switch (h) {
    case "null":
    case "true":
    case "false":
    case "item":
      e.r = take().r;
      break;
    case "num":
      e.text = take().w;
      e.r = take().r;
      break;
    case "str":
      e.value = take().s;
      e.r = take().r;
      break;
    case "tpl":
      while (l[i].w) {
        e[l[i].w] = true;
        i++;
      }
      e.r = take().r;
      e.parts = l.slice(i).map(toExpr);
      break;
    case "tif":
      e.r = take().r;
      e.cond = toExpr(take());
      e.then = toExpr(take());
      e.else = toExpr(take());
      break;
    case "tfor":
      e.key = isNil(l[i]) ? null : str(l[i]);
      i++;
      e.value = str(take());
      e.r = take().r;
      e.coll = toExpr(take());
      e.body = toExpr(take());
      break;
    case "tuple":
      e.r = take().r;
      e.items = l.slice(i).map(toExpr);
      break;
    case "object":
      e.r = take().r;
      e.items = l.slice(i).map((it) => {
        const key =
          it[1][0].w === "ident"
            ? { k: "ident", name: str(it[1][1]), r: it[1][2].r }
            : toExpr(it[1]);
        return { key, value: toExpr(it[2]) };
      });
      break;
    case "var":
      e.name = str(take());
      e.r = take().r;
      break;
    case ".":
      e.r = take().r;
      e.src = toExpr(take());
      e.name = str(take());
      e.nr = take().r;
      break;
    case "[]":
      e.r = take().r;
      e.src = toExpr(take());
      e.key = toExpr(take());
      break;
    case "[*]":
    case ".*":
      e.r = take().r;
      e.src = toExpr(take());
      e.each = toExpr(take());
      break;
    case "call":
      e.name = str(take());
      if (l[i].w === "expand") {
        e.expand = true;
        i++;
      }
      e.r = take().r;
      e.nr = take().r;
      e.args = l.slice(i).map(toExpr);
      break;
    case "for":
      e.keyVar = isNil(l[i]) ? null : str(l[i]);
      i++;
      e.valVar = str(take());
      e.object = take().w === "object";
      if (l[i].w === "group") {
        e.group = true;
        i++;
      }
      e.r = take().r;
      e.coll = toExpr(take());
      e.key = toExpr(take());
      e.value = toExpr(take());
      e.cond = toExpr(take());
      break;
    case "?":
      e.r = take().r;
      e.cond = toExpr(take());
      e.then = toExpr(take());
      e.else = toExpr(take());
      break;
    case "neg":
    case "not":
    case "paren":
      e.r = take().r;
      e.x = toExpr(take());
      break;
    default:
      e.op = h;
      e.k = "binary";
      e.r = take().r;
      e.lhs = toExpr(take());
      e.rhs = toExpr(take());
  }
  return e;
}

function toBody(l) {
  const b = { r: l[1].r, attrs: [], blocks: [] };
  for (const it of l.slice(2)) {
    if (it[0].w === "attr") {
      b.attrs.push({ name: str(it[1]), r: it[2].r, nr: it[3].r, expr: toExpr(it[4]) });
    } else {
      let i = 2;
      const labels = [];
      while (Array.isArray(it[i])) {
        labels.push(it[i][0].s);
        i++;
      }
      const r = it[i++].r;
      i++; // type range
      b.blocks.push({ type: str(it[1]), labels, r, body: toBody(it[i]) });
    }
  }
  return b;
}

// --- the hcl2json rendering of our tree ---------------------------------
// tmccombs/hcl2json's convert.go, which @cdktf/hcl2json's parse() runs:
// blocks nest by type and labels into arrays of bodies; a literal is its
// JSON value; a template its string (literal parts decoded, other parts
// as "${source}"); other expressions "${source}" (and a ')' right after
// a range is taken into it, as convert.go does).

// A body in hcl2json's shape: blocks nested by type and labels into
// arrays of bodies, attributes by name, each value as f writes it.
function nestBody(b, f) {
  const out = {};
  for (const blk of b.blocks) {
    let o = out;
    let k = blk.type;
    for (const l of blk.labels) {
      if (!(k in o)) o[k] = {};
      o = o[k];
      k = l;
    }
    if (!(k in o)) o[k] = [];
    o[k].push(nestBody(blk.body, f));
  }
  for (const a of b.attrs) out[a.name] = f(a.expr);
  return out;
}

function makeRender(bytes) {
  const src = (r) => {
    let end = r[5];
    if (end < bytes.length && bytes[end] === 0x29) end++;
    return bytes.slice(r[2], end).toString("utf8");
  };
  const wrap = (e) => "${" + src(e.r) + "}";
  const num = (t) => Number(t);
  const isTrav = (e) =>
    e.k === "var" || ((e.k === "." || (e.k === "[]" && staticKey(e.key))) && isTrav(e.src));

  // hcl2json writes Terraform's JSON syntax, so a literal "${" or "%{" in
  // a template comes out escaped, "$${" and "%%{"
  const lit = (v) => v.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  function part(e) {
    switch (e.k) {
      case "str":
        return lit(e.value);
      case "num":
        return String(num(e.text));
      case "true":
      case "false":
        return e.k;
      case "tpl":
        return e.unwrap ? part(e.parts[0]) : template(e);
      case "?":
      case "tif": {
        let s = "%{if " + src(e.cond.r) + "}" + part(e.then);
        const f = e.else ? part(e.else) : "";
        if (f.length) s += "%{else}" + f;
        return s + "%{endif}";
      }
      case "tfor":
        return (
          "%{for " + (e.key ? e.key + ", " : "") + e.value + " in " + src(e.coll.r) + "}" +
          part(e.body) + "%{endfor}"
        );
      default:
        return wrap(e);
    }
  }
  function template(e) {
    if (e.parts.length === 1 && e.parts[0].k === "str") return lit(e.parts[0].value);
    return e.parts.map(part).join("");
  }
  function key(k) {
    if (k.k === "ident" || isTrav(k)) return src(k.r);
    return part(k);
  }
  function expr(e) {
    switch (e.k) {
      case "null":
        return null;
      case "true":
        return true;
      case "false":
        return false;
      case "num":
        return num(e.text);
      case "neg":
      case "not":
        if (["num", "true", "false", "null"].includes(e.x.k)) {
          const v = expr(e.x);
          return e.k === "neg" ? -v : !v;
        }
        return wrap(e);
      case "tpl":
        return e.unwrap ? expr(e.parts[0]) : template(e);
      case "tuple":
        return e.items.map(expr);
      case "object": {
        const o = {};
        for (const it of e.items) o[key(it.key)] = expr(it.value);
        return o;
      }
      default:
        return wrap(e);
    }
  }
  return { body: (b) => nestBody(b, expr), src };
}

// --- expression trees, ours and HashiCorp's, in one shape ---------------
// [type, start, text, ...details, ...children]: start is "line:byte"
// relative to the expression (HCL's StartRange()), text the source of
// the node's Range(); "*" on our side means "not known here, not
// compared".  Columns are checked apart, each against its own rule: ours
// count code points, HCL's grapheme clusters ("☁️" is two code points and
// one cluster), so each side's column must be what its rule gives for its
// byte offset.

function lineStarts(bytes) {
  const v = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 0x0a) v.push(i + 1);
  return v;
}
const segmenter = new Intl.Segmenter();
const codePoints = (bytes, from, to) => [...bytes.slice(from, to).toString("utf8")].length;
const clusters = (bytes, from, to) => [...segmenter.segment(bytes.slice(from, to).toString("utf8"))].length;

const OPS = {
  "||": "logicalOr", "&&": "logicalAnd", "==": "equal", "!=": "notEqual",
  "<": "lessThan", "<=": "lessThanOrEqual", ">": "greaterThan", ">=": "greaterThanOrEqual",
  "+": "add", "-": "subtract", "*": "multiply", "/": "divide", "%": "modulo",
};

function staticKey(k) {
  if (["num", "true", "false", "null"].includes(k.k)) return true;
  return k.k === "tpl" && !k.unwrap && k.parts.length === 1 && k.parts[0].k === "str";
}

function keySeg(k) {
  if (k.k === "num") return "n:" + String(Number(k.text));
  if (k.k === "tpl") return "s:" + k.parts[0].value;
  return "?";
}

function theirKeySeg(seg) {
  if (seg === undefined || seg === "null") return "?";
  if (seg.startsWith('"')) return "s:" + seg.slice(1, -1);
  return "n:" + String(Number(seg));
}

function mineShape(e, origin, bytes, starts) {
  const rel = (p) => {
    if (p === "*") return "*";
    const [l, c, b] = p;
    if (starts && c !== 1 + codePoints(bytes, starts[l - 1], b))
      return "column " + c + " is not the code point count at line " + l + " byte " + b;
    return (l - origin[0]) + ":" + (b - origin[2]);
  };
  const start = (r) => [r[0], r[1], r[2]];
  const end = (r) => [r[3], r[4], r[5]];
  const text = (r) => bytes.slice(r[2], r[5]).toString("utf8");
  const textFrom = (p, r) => bytes.slice(p[2], r[5]).toString("utf8");

  function startOf(e) {
    switch (e.k) {
      case "[]":
        return staticKey(e.key) ? start(e.r) : "*";
      case "[*]":
      case ".*":
        return start(splatItem(e).r);
      case "?":
      case "tif":
        return startOf(e.cond);
      case "binary":
        return startOf(e.lhs);
      case "paren":
        return startOf(e.x);
      case "tpl":
        return e.unwrap ? start(e.r) : startOf(e.parts[0]);
      default:
        return start(e.r);
    }
  }
  function splatItem(s) {
    let x = s.each;
    while (x.k !== "item") x = x.src;
    return x;
  }
  // A static traversal (HCL folds .name and constant [key] steps into
  // one node): its steps outermost last, and the base under them.
  function chain(e) {
    const steps = [];
    let x = e;
    while ((x.k === "." || (x.k === "[]" && staticKey(x.key)))) {
      steps.unshift(x.k === "." ? ["n", x.name] : ["i", keySeg(x.key)]);
      x = x.src;
    }
    return { steps, base: x };
  }

  function shape(e, attrEach) {
    if (e === null) return null;
    switch (e.k) {
      case "null":
        return ["lit", rel(start(e.r)), text(e.r), "dynamic"];
      case "true":
      case "false":
        return ["lit", rel(start(e.r)), text(e.r), "bool"];
      case "num":
        return ["lit", rel(start(e.r)), text(e.r), "number"];
      case "str":
        return ["lit", rel(start(e.r)), text(e.r), "string"];
      case "var":
      case ".":
      case "[]": {
        if (e.k === "[]" && !staticKey(e.key))
          return ["index", "*", text(e.r), shape(e.src), shape(e.key)];
        const { steps, base } = chain(e);
        if (base.k === "var") return ["trav", rel(start(e.r)), text(e.r), [["n", base.name], ...steps]];
        if (attrEach && base.k === "item") {
          const from = end(base.r);
          return ["rtrav", rel(from), textFrom(from, e.r), steps, shape(base)];
        }
        return ["rtrav", rel(start(e.r)), text(e.r), steps, shape(base)];
      }
      case "item":
        return ["item", rel(start(e.r)), null];
      case "[*]":
      case ".*":
        return ["splat", rel(start(splatItem(e).r)), text(e.r), shape(e.src), shape(e.each, e.k === ".*")];
      case "call":
        return ["call", rel(start(e.r)), text(e.r), e.name, !!e.expand, ...e.args.map((a) => shape(a))];
      case "for":
        return [
          "for", rel(start(e.r)), text(e.r), e.keyVar || "", e.valVar, !!e.group,
          ...[e.coll, e.key, e.value, e.cond].filter((x) => x !== null).map((x) => shape(x)),
        ];
      case "?":
        return ["cond", rel(startOf(e)), text(e.r), shape(e.cond), shape(e.then), shape(e.else)];
      case "binary":
        return ["bin", rel(startOf(e)), text(e.r), OPS[e.op], shape(e.lhs), shape(e.rhs)];
      case "neg":
      case "not":
        return ["un", rel(start(e.r)), text(e.r), e.k === "neg" ? "negate" : "logicalNot", shape(e.x)];
      case "paren":
        return ["paren", rel(startOf(e.x)), null, shape(e.x)];
      case "tpl":
        if (e.unwrap) return ["wrap", rel(start(e.r)), text(e.r), shape(e.parts[0])];
        return ["tpl", rel(startOf(e)), text(e.r), ...e.parts.map((x) => shape(x))];
      case "tif":
        return [
          "cond", rel(startOf(e.cond)), text(e.r), shape(e.cond), shape(e.then),
          e.else ? shape(e.else) : ["tpl", "*", "*", ["lit", "*", "*", "string"]],
        ];
      case "tfor":
        return [
          "join", rel(start(e.r)), text(e.r),
          ["for", rel(start(e.r)), text(e.r), e.key || "", e.value, false, shape(e.coll), shape(e.body)],
        ];
      case "tuple":
        return ["tuple", rel(start(e.r)), text(e.r), ...e.items.map((x) => shape(x))];
      case "object": {
        const out = ["object", rel(start(e.r)), text(e.r)];
        // a bare-name key is no expression to HCL: the key node has no child
        for (const it of e.items) {
          if (it.key.k === "ident") out.push(["key", rel(start(it.key.r)), null], shape(it.value));
          else out.push(["key", rel(startOf(it.key)), null, shape(it.key)], shape(it.value));
        }
        return out;
      }
      default:
        return ["?" + e.k];
    }
  }
  return shape(e);
}

// ctx: where the expression starts in the file, to check HCL's columns
// (null: not checked).
function theirShape(n, ctx, inObjectKey) {
  const m = n.meta || {};
  const s = n.range.start;
  let st = s.line + ":" + s.byte;
  if (ctx) {
    const b = ctx.byte + s.byte;
    const want = s.line === 0 ? ctx.col + clusters(ctx.bytes, ctx.byte, b)
      : 1 + clusters(ctx.bytes, ctx.starts[ctx.line + s.line - 1], b);
    if (s.column + (s.line === 0 ? ctx.col : 0) !== want)
      st = "HashiCorp's column " + s.column + " is not the cluster count at byte " + b;
  }
  const kids = n.children || [];
  switch (n.type) {
    case "literalValue":
      return ["lit", st, m.value, m.type];
    case "scopeTraversal":
      return ["trav", st, m.value, m.traversal.map((t) =>
        t.type === "nameTraversal" ? ["n", t.segment] : ["i", theirKeySeg(t.segment)])];
    case "relativeTraversal":
      return ["rtrav", st, m.value, m.traversal.map((t) =>
        t.type === "nameTraversal" ? ["n", t.segment] : ["i", theirKeySeg(t.segment)]),
        theirShape(kids[0], ctx)];
    case "index":
      return ["index", st, m.value, theirShape(kids[0], ctx), theirShape(kids[1], ctx)];
    case "splat":
      return ["splat", st, m.value, theirShape(kids[0], ctx), theirShape(kids[1], ctx)];
    case "function":
      return ["call", st, m.value, m.name, !!m.expandedFinalArgument, ...kids.map((k) => theirShape(k, ctx))];
    case "for":
      return ["for", st, m.value, m.keyVar || "", m.valVar, !!m.groupedValue, ...kids.map((k) => theirShape(k, ctx))];
    case "conditional":
      return ["cond", st, m.value, ...kids.map((k) => theirShape(k, ctx))];
    case "binaryOp":
      return ["bin", st, m.value, m.operator, ...kids.map((k) => theirShape(k, ctx))];
    case "unaryOp":
      return ["un", st, m.value, m.operator, ...kids.map((k) => theirShape(k, ctx))];
    case "template":
      return ["tpl", st, m.value, ...kids.map((k) => theirShape(k, ctx))];
    case "templateWrap":
      return ["wrap", st, m.value, ...kids.map((k) => theirShape(k, ctx))];
    case "templateJoin":
      return ["join", st, m.value, ...kids.map((k) => theirShape(k, ctx))];
    case "tuple":
      return ["tuple", st, m.value, ...kids.map((k) => theirShape(k, ctx))];
    case "object":
      return ["object", st, m.value, ...kids.map((k, i) => theirShape(k, ctx, i % 2 === 0))];
    case "":
    case undefined:
      if (inObjectKey) return ["key", st, null, ...kids.map((k) => theirShape(k, ctx))];
      if (kids.length === 0) return ["item", st, null];
      return ["paren", st, null, theirShape(kids[0], ctx)];
    default:
      return ["?" + n.type];
  }
}

// Our shape against theirs: the first difference, as a path, or null.
function diff(mine, theirs, where) {
  if (mine === "*") return null;
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    if (mine.length !== theirs.length)
      return where + ": " + JSON.stringify(mine).slice(0, 300) + " vs " + JSON.stringify(theirs).slice(0, 300);
    for (let i = 0; i < mine.length; i++) {
      const d = diff(mine[i], theirs[i], where + "/" + (Array.isArray(mine) && typeof mine[0] === "string" ? mine[0] + "[" + i + "]" : i));
      if (d) return d;
    }
    return null;
  }
  if (mine === theirs || (mine === null && theirs === undefined)) return null;
  return where + ": ours " + JSON.stringify(mine) + ", HashiCorp's " + JSON.stringify(theirs);
}

function deepEqualJSON(a, b, where) {
  if (typeof a === "number" && typeof b === "number")
    return a === b || (Number.isNaN(a) && Number.isNaN(b)) ? null : where + ": " + a + " vs " + b;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object")
    return a === b ? null : where + ": ours " + JSON.stringify(a) + ", HashiCorp's " + JSON.stringify(b);
  if (Array.isArray(a) !== Array.isArray(b)) return where + ": array vs object";
  if (Array.isArray(a)) {
    if (a.length !== b.length) return where + ": " + a.length + " items vs " + b.length;
    for (let i = 0; i < a.length; i++) {
      const d = deepEqualJSON(a[i], b[i], where + "[" + i + "]");
      if (d) return d;
    }
    return null;
  }
  const ka = Object.keys(a).sort(), kb = Object.keys(b).sort();
  if (ka.join("\u0000") !== kb.join("\u0000"))
    return where + ": keys " + JSON.stringify(ka) + " vs " + JSON.stringify(kb);
  for (const k of ka) {
    const d = deepEqualJSON(a[k], b[k], where + "." + k);
    if (d) return d;
  }
  return null;
}

// --- Terraform's JSON syntax -------------------------------------------
// A second reading of developer.hashicorp.com/terraform/language/syntax/json,
// written apart from the C one: block nesting by the schema, and for each
// argument whether its strings are templates ($tpl), references or type
// expressions ($ref), or literal.

const LIT = "lit", EXPR = "expr", REF = "ref", REFS = "refs", PROVIDERS = "providers";
const S = {};
S.plain = { mode: EXPR, rules: {} };
S.literal = { mode: LIT, rules: {} };
S.connection = { mode: EXPR, rules: { type: LIT } };
S.provisioner = { mode: EXPR, rules: { when: REF, on_failure: REF, connection: [0, "connection"] } };
S.lifecycle = { mode: EXPR, rules: { ignore_changes: REFS, replace_triggered_by: REFS, precondition: [0, "plain"], postcondition: [0, "plain"] } };
S.content = { mode: EXPR, rules: { dynamic: [1, "dynamic"] } };
S.dynamic = { mode: EXPR, rules: { iterator: REF, content: [0, "content"] } };
S.resource = { mode: EXPR, typed: "resource", rules: { provider: REF, depends_on: REFS, lifecycle: [0, "lifecycle"], provisioner: [1, "provisioner"], connection: [0, "connection"], dynamic: [1, "dynamic"], timeouts: [0, "plain"] } };
S.data = { mode: EXPR, typed: "data", rules: { provider: REF, depends_on: REFS, lifecycle: [0, "lifecycle"], dynamic: [1, "dynamic"], timeouts: [0, "plain"] } };
S.module = { mode: EXPR, rules: { source: LIT, version: LIT, providers: PROVIDERS, depends_on: REFS } };
S.variable = { mode: LIT, rules: { type: REF, validation: [0, "plain"] } };
S.output = { mode: EXPR, rules: { description: LIT, sensitive: LIT, depends_on: REFS, precondition: [0, "plain"] } };
S.provider = { mode: EXPR, typed: "provider", rules: { alias: LIT, version: LIT } };
S.cloud = { mode: LIT, rules: { workspaces: [0, "literal"] } };
S.terraform = { mode: LIT, rules: { backend: [1, "literal"], required_providers: [0, "literal"], cloud: [0, "cloud"], provider_meta: [1, "literal"] } };
S.moved = { mode: EXPR, rules: { from: REF, to: REF } };
S.import = { mode: EXPR, rules: { to: REF, provider: REF } };
S.removed = { mode: EXPR, rules: { from: REF, lifecycle: [0, "lifecycle"], provisioner: [1, "provisioner"], connection: [0, "connection"] } };
S.check = { mode: EXPR, rules: { data: [2, "data"], assert: [0, "plain"] } };
S.root = { mode: EXPR, unknownBlocks: true, rules: { resource: [2, "resource"], data: [2, "data"], module: [1, "module"], variable: [1, "variable"], output: [1, "output"], provider: [1, "provider"], check: [1, "check"], locals: [0, "plain"], terraform: [0, "terraform"], moved: [0, "moved"], import: [0, "import"], removed: [0, "removed"] } };
const TYPED = {
  resource: {
    aws_route_table: ["route"], aws_default_route_table: ["route"],
    aws_security_group: ["ingress", "egress"], aws_default_security_group: ["ingress", "egress"],
    aws_network_acl: ["ingress", "egress"], aws_default_network_acl: ["ingress", "egress"],
  },
  data: Object.fromEntries(["aws_vpc", "aws_vpcs", "aws_subnet", "aws_subnets", "aws_vpc_ipam_pool",
    "aws_vpc_ipam_pools", "aws_availability_zones", "aws_route_table", "aws_security_group"].map((t) => [t, ["filter"]])),
  provider: { aws: ["assume_role", "assume_role_with_web_identity", "default_tags", "ignore_tags", "endpoints"] },
};

const blockShaped = (v) =>
  v !== null && typeof v === "object" &&
  (!Array.isArray(v) || (v.length > 0 && v.every((x) => x !== null && typeof x === "object" && !Array.isArray(x))));

function tagValue(v, mode) {
  if (typeof v === "string") return mode === LIT ? v : mode === EXPR ? { $tpl: v } : { $ref: v };
  if (Array.isArray(v)) return v.map((x) => tagValue(x, mode === REFS ? REF : mode === LIT ? LIT : EXPR));
  if (v !== null && typeof v === "object") {
    const o = {};
    for (const k of Object.keys(v)) o[k] = tagValue(v[k], mode === LIT ? LIT : mode === PROVIDERS ? REF : EXPR);
    return o;
  }
  return v;
}

function jsonBody(obj, schema, type) {
  const out = {};
  for (const k of Object.keys(obj)) {
    if (k === "//") continue;
    const v = obj[k];
    let rule = schema.rules[k];
    const typed = schema.typed && type && (TYPED[schema.typed][type] || []).includes(k);
    if (!Array.isArray(rule) && rule === undefined && (typed || schema.unknownBlocks) && blockShaped(v))
      rule = [0, "plain"];
    if (Array.isArray(rule)) {
      unpackJSON(out, k, v, rule[0], S[rule[1]], []);
    } else {
      out[k] = tagValue(v, rule || schema.mode);
    }
  }
  return out;
}

function unpackJSON(out, type, v, nlabels, schema, labels) {
  if (Array.isArray(v)) {
    for (const x of v) unpackJSON(out, type, x, nlabels, schema, labels);
    return;
  }
  if (labels.length < nlabels) {
    for (const k of Object.keys(v)) if (k !== "//") unpackJSON(out, type, v[k], nlabels, schema, [...labels, k]);
    return;
  }
  let o = out;
  let key = type;
  for (const l of labels) {
    if (!(key in o)) o[key] = {};
    o = o[key];
    key = l;
  }
  if (!(key in o)) o[key] = [];
  o[key].push(jsonBody(v, schema, labels[0]));
}

// Our tree of a JSON file in the same shape: a template is the string it
// was read from, another expression ($ref) the text it was parsed from.
function makeJsonRender(bytes) {
  const raw = (r) => bytes.slice(r[2], r[5]).toString("utf8");
  function value(e) {
    switch (e.k) {
      case "null": return null;
      case "true": return true;
      case "false": return false;
      case "num": return Number(e.text);
      case "str": return e.value;
      case "tpl": return { $tpl: JSON.parse(raw(e.r)) };
      case "tuple": return e.items.map(value);
      case "object": {
        const o = {};
        for (const it of e.items) {
          const k = it.key.k === "tpl" ? JSON.parse(raw(it.key.r)) : it.key.value;
          o[k] = value(it.value);
        }
        return o;
      }
      default:
        return { $ref: JSON.parse('"' + raw(e.r) + '"') };
    }
  }
  return (b) => nestBody(b, value);
}

// --- the run -------------------------------------------------------------

function eachAttr(body, f) {
  for (const a of body.attrs) f(a);
  for (const b of body.blocks) eachAttr(b.body, f);
}

// The templates of a JSON file's values: strings, as values or keys of
// the arrays and objects that hold them (not those inside a template).
function eachTemplate(e, f) {
  if (!e) return;
  if (e.k === "tpl") f(e);
  else if (e.k === "tuple") e.items.forEach((x) => eachTemplate(x, f));
  else if (e.k === "object") e.items.forEach((it) => { eachTemplate(it.key, f); eachTemplate(it.value, f); });
}

// A JSON string's template, read by HashiCorp's parser as the body of a
// heredoc (the same template language, also without escapes): its shape
// without places, the heredoc's own final newline taken off.
function bareShape(x) {
  if (!Array.isArray(x)) return x;
  if (typeof x[0] === "string" && x.length >= 3) return [x[0], ...x.slice(3).map(bareShape)];
  return x.map(bareShape);
}

const MARK = "EOT_CIDRLINT_CROSSCHECK";

async function main() {
  let failed = 0, nfiles = 0, nattrs = 0, ntemplates = 0;
  const fail = (file, msg) => {
    failed++;
    console.log("DIFF " + file + ": " + msg);
  };
  for (const file of files) {
    nfiles++;
    const bytes = fs.readFileSync(file);
    const text = bytes.toString("utf8");
    let out;
    try {
      out = execFileSync(dumpBin, ["--ranges", file], { encoding: "utf8", maxBuffer: 1 << 28 });
    } catch (e) {
      fail(file, "our reader refused it: " + (e.stderr || e.message).trim());
      continue;
    }
    const mine = toBody(parseSexp(out));
    if (file.endsWith(".json")) {
      const want = jsonBody(JSON.parse(text), file.endsWith(".tfvars.json") ? S.literal : S.root);
      const d = deepEqualJSON(makeJsonRender(bytes)(mine), want, "");
      if (d) fail(file, "structure" + d);
      const checks = [];
      eachAttr(mine, (a) => eachTemplate(a.expr, (t) => checks.push(t)));
      for (const t of checks) {
        ntemplates++;
        const s = JSON.parse(bytes.slice(t.r[2], t.r[5]).toString("utf8"));
        if (s.includes(MARK)) continue;
        let theirs;
        try {
          theirs = theirShape(await hcl.getExpressionAst(file, "<<" + MARK + "\n" + s + "\n" + MARK + "\n"), null);
        } catch (e) {
          fail(file, "HashiCorp's parser refused the template " + JSON.stringify(s) + ": " + e.message);
          continue;
        }
        // take off the heredoc's last newline: a literal "\n" part, or the
        // "\n" that ends the last literal
        let parts = theirs.slice(3);
        const last = parts[parts.length - 1];
        if (last && last[0] === "lit" && last[2] === "\n") parts = parts.slice(0, -1);
        const ours = bareShape(mineShape(t, [0, 0, 0], bytes, null));
        let want2;
        if (parts.length === 1 && t.unwrap) want2 = ["wrap", bareShape(parts[0])];
        else want2 = ["tpl", ...parts.map(bareShape)];
        const dd = diff(ours, want2, "template " + JSON.stringify(s).slice(0, 60));
        if (dd) fail(file, dd);
      }
      continue;
    }
    let theirs;
    try {
      theirs = await hcl.parse(file, text);
    } catch (e) {
      fail(file, "HashiCorp's parser refused it: " + e.message);
      continue;
    }
    const render = makeRender(bytes);
    const starts = lineStarts(bytes);
    const d = deepEqualJSON(render.body(mine), theirs, "");
    if (d) fail(file, "structure" + d);
    const attrs = [];
    eachAttr(mine, (a) => attrs.push(a));
    for (const a of attrs) {
      nattrs++;
      const r = a.expr.r;
      const src = bytes.slice(r[2], r[5]).toString("utf8");
      let ast;
      try {
        ast = await hcl.getExpressionAst(file, src + "\n");
      } catch (e) {
        fail(file, "HashiCorp's parser refused the expression of '" + a.name + "' at " + r[0] + ":" + r[1] + ": " + e.message);
        continue;
      }
      const ctx = { line: r[0], col: r[1], byte: r[2], bytes, starts };
      const dd = diff(mineShape(a.expr, [r[0], r[1], r[2]], bytes, starts), theirShape(ast, ctx),
        "'" + a.name + "' at " + r[0] + ":" + r[1]);
      if (dd) fail(file, dd);
    }
  }
  console.log(`hcl cross-check: ${nfiles} files, ${nattrs} expressions and ${ntemplates} JSON templates ` +
    `compared with HashiCorp's parser, ${failed} differences`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
