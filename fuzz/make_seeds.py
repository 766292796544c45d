#!/usr/bin/env python3
"""Builds the seed corpus of one fuzz target (tools/fuzz calls this).

Seeds come from corpora/ (in this tree), ../shared/fixtures/mail (real mail
other projects collected, when present) and tests/fuzz-regressions/<target>.
Multi-file targets (maildir, slack) get their files joined by the separator
fuzz_util.h defines. Deterministic: the same tree gives the same seeds.

usage: make_seeds.py TARGET OUTDIR
"""
import hashlib
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURES = os.path.normpath(os.path.join(ROOT, "..", "shared", "fixtures", "mail"))
SEP = b"\n\x01\x02\x03\n"
MAX_SEED = 64 * 1024


def files_under(*dirs):
    out = []
    for d in dirs:
        if os.path.isfile(d):
            out.append(d)
            continue
        for base, subdirs, names in os.walk(d):
            subdirs.sort()
            for n in sorted(names):
                if n != "LICENSE" and not n.endswith(".md"):
                    out.append(os.path.join(base, n))
    return out


def read(path):
    with open(path, "rb") as f:
        return f.read()


def mail_files():
    own = files_under(*(os.path.join(ROOT, "corpora", "mail", d) for d in ("clients", "encodings", "automated", "broken")))
    fx = files_under(FIXTURES) if os.path.isdir(FIXTURES) else []
    return [p for p in own + fx if os.path.getsize(p) <= MAX_SEED]


def texts():
    out = []
    for name in ("labelled/dev.jsonl", "labelled/test.jsonl", "sample/sample.jsonl"):
        p = os.path.join(ROOT, "corpora", name)
        if not os.path.exists(p):
            continue
        for line in read(p).splitlines():
            try:
                t = json.loads(line).get("text")
            except ValueError:
                continue
            if isinstance(t, str):
                out.append(t.encode("utf-8"))
    return out


def chunks(seq, n):
    return [seq[i:i + n] for i in range(0, len(seq), n)]


def seeds(target):
    containers = os.path.join(ROOT, "corpora", "mail", "containers")
    mail = mail_files()
    if target in ("mime", "own_words"):
        return [read(p) for p in mail] + (texts()[:200] if target == "own_words" else [])
    if target == "html":
        return [read(p) for p in mail if b"<html" in read(p).lower() or b"<div" in read(p).lower()] + [
            b"<p>Sorry, <b>my</b> fault.</p><blockquote>You broke it.</blockquote>",
            b"<div>" * 300 + b"deep" + b"</div>" * 300,
            b"<pre>a\n b</pre><table><tr><td>x<td>y</table><script>alert(1)</script>&amp;&nbsp;&#39;",
        ]
    if target == "mbox":
        out = [read(os.path.join(containers, n)) for n in ("inbox.mbox", "netscape.mbox")]
        if os.path.isdir(os.path.join(FIXTURES, "mimekit", "mbox")):
            out += [read(p) for p in files_under(os.path.join(FIXTURES, "mimekit", "mbox")) if os.path.getsize(p) <= MAX_SEED]
        for group in chunks([read(p) for p in mail[:120]], 3):
            out.append(b"".join(b"From a@b.c Mon Jan  1 00:00:00 2024\n" + m.replace(b"\nFrom ", b"\n>From ") + b"\n"
                                for m in group))
        return out
    if target == "maildir":
        own = [read(p) for p in files_under(os.path.join(containers, "Maildir"))]
        out = [SEP.join(own)]
        for group in chunks([read(p) for p in mail[:150]], 3):
            out.append(SEP.join(group))
        return out
    if target == "slack":
        s = os.path.join(containers, "slack_export")
        parts = [read(os.path.join(s, "users.json")), read(os.path.join(s, "channels.json"))]
        days = files_under(os.path.join(s, "general"), os.path.join(s, "incidents"))
        return [SEP.join(parts + [read(p) for p in days])]
    if target == "csv":
        return [read(os.path.join(containers, "export.csv")),
                b'id,text,author\r\n1,"Sorry, ""my"" fault\r\nreally",ann\r\n2,=1+1,@bob\r\n3,"unterminated\r\n']
    if target == "jsonl":
        out = []
        for name in ("labelled/dev.jsonl", "labelled/test.jsonl", "sample/sample.jsonl"):
            p = os.path.join(ROOT, "corpora", name)
            if os.path.exists(p):
                out += [b"\n".join(c) + b"\n" for c in chunks(read(p).splitlines(), 10)]
        exp = os.path.join(ROOT, "corpora", "mail", "expected")
        out += [read(p) for p in files_under(exp) if os.path.getsize(p) <= MAX_SEED][:100]
        return out
    if target == "normalizer":
        return texts() + [read(p) for p in files_under(os.path.join(FIXTURES, "talon-client-replies"))
                          if os.path.isdir(FIXTURES)]
    if target == "lexicon":
        lex = os.path.join(ROOT, "lexicons", "en")
        config = read(os.path.join(lex, "config.yml"))
        rules = [read(os.path.join(lex, n)) for n in sorted(os.listdir(lex)) if n.endswith(".yml") and n != "config.yml"]
        rules.append(read(os.path.join(ROOT, "tests", "data", "small_rules.yml")))
        return [config + b"\n" + r for r in rules] + [config]
    if target == "model":
        # The bundled model whole is too big to mutate well; its head (bias
        # and the first features) and models trained on small corpora are not.
        lines = read(os.path.join(ROOT, "lexicons", "en", "judgment.model")).splitlines(keepends=True)
        head = [l for l in lines if not l.startswith(b"#")]
        return [b"".join(head[:n]) for n in (2, 10, 60, 300)]
    raise SystemExit("make_seeds.py: unknown target " + target)


def main():
    target, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    regress = os.path.join(ROOT, "tests", "fuzz-regressions", target)
    all_seeds = seeds(target) + ([read(p) for p in files_under(regress)] if os.path.isdir(regress) else [])
    n = 0
    for s in all_seeds:
        name = hashlib.sha1(s).hexdigest()
        path = os.path.join(outdir, name)
        if not os.path.exists(path):
            with open(path, "wb") as f:
                f.write(s)
            n += 1
    print(f"make_seeds: {target}: {len(all_seeds)} seeds ({n} new) in {outdir}")


if __name__ == "__main__":
    main()
