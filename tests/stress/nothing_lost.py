#!/usr/bin/env python3
"""Property test: nothing is lost.

For generated containers of N messages (mbox, Maildir, CSV, JSONL, Slack
export), with a share of them corrupted on purpose in ways each reader
must survive, `culpa score` emits exactly one record per message: a scored
record for each good one and an error record for each corrupted one, with
the ids expected, unique, in input order; and exits 1 exactly when
something failed. Valid messages are made awkward on purpose too (quoted
commas and line breaks, ">From " lines, blank lines, non-ASCII).

Deterministic: seeds 1..SEEDS, each a different N and corruption pattern.

usage: nothing_lost.py CULPA [SEEDS]
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile

LIMIT = 4096  # --max-message-bytes for the run; "too big" corruptions exceed it
RECORD_LIMIT = 3 * LIMIT  # --max-record-bytes: a "huge" JSONL line or CSV record exceeds it

BODIES = [
    "That's on me; I'll fix it today.",
    "Mistakes were made, but not by us.",
    "Sorry, \"my\" fault, really — I skipped the check.",
    "Lunch is on me, team, for shipping on time.",
    "Ünïcödé text, 日本語, and an emoji 🎉.",
    "Line one\nline two, with a comma\nFrom the desk of the CEO: sorry.",
]


def body(rng):
    return " ".join(rng.choice(BODIES) for _ in range(rng.randint(1, 3)))


class Case:
    """The input built and the records expected: (id, is_error) in order."""

    def __init__(self):
        self.expected = []

    def good(self, id_):
        self.expected.append((id_, False))

    def bad(self, id_):
        self.expected.append((id_, True))


def make_jsonl(rng, n, root, share):
    path = os.path.join(root, "export.jsonl")
    c, lines = Case(), []
    for k in range(n):
        if rng.random() < 0.1:
            lines.append(rng.choice(["", "   ", "\t"]))  # blank lines are not records
        ln = len(lines) + 1
        kind = rng.choice(["json", "type", "missing", "long", "huge", "array"]) if rng.random() < share else "ok"
        if kind == "ok":
            lines.append(json.dumps({"id": f"j{k}", "text": body(rng), "n": k}, ensure_ascii=rng.random() < 0.5))
            c.good(f"j{k}")
        elif kind == "json":
            lines.append('{"id": "j%d", "text": "unterminated' % k)
            c.bad(f"{path}:{ln}")
        elif kind == "type":
            lines.append(json.dumps({"id": f"j{k}", "text": 42}))
            c.bad(f"j{k}")
        elif kind == "missing":
            lines.append(json.dumps({"id": f"j{k}", "body": "x"}))
            c.bad(f"j{k}")
        elif kind == "long":
            # Over the message limit, under the record limit: the record is
            # read, so the error record keeps its id.
            lines.append(json.dumps({"id": f"j{k}", "text": "x" * (LIMIT + 10)}))
            c.bad(f"j{k}")
        elif kind == "huge":
            lines.append(json.dumps({"id": f"j{k}", "text": "x" * (RECORD_LIMIT + 10)}))
            c.bad(f"{path}:{ln}")
        else:
            lines.append(json.dumps([f"j{k}", "text"]))
            c.bad(f"{path}:{ln}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + ("\n" if rng.random() < 0.5 else ""))
    return c, [path]


def csv_field(s):
    return '"' + s.replace('"', '""') + '"' if any(ch in s for ch in ',"\r\n') else s


def make_csv(rng, n, root, share):
    path = os.path.join(root, "export.csv")
    c = Case()
    eol = rng.choice(["\n", "\r\n"])
    out = "id,text,author" + eol
    line = 2
    for k in range(n):
        kind = rng.choice(["short", "long", "huge"]) if rng.random() < share else "ok"
        if kind == "ok":
            row = ",".join([f"c{k}", csv_field(body(rng)), csv_field("Ann, B.")]) + eol
            c.good(f"c{k}")
        elif kind == "short":
            row = f"c{k}" + eol  # no text column
            c.bad(f"c{k}")
        elif kind == "long":
            row = ",".join([f"c{k}", csv_field("y" * (LIMIT + 10)), "z"]) + eol
            c.bad(f"c{k}")
        else:
            row = ",".join([f"c{k}", csv_field("y" * (RECORD_LIMIT + 10)), "z"]) + eol
            c.bad(f"{path}:{line}")
        out += row
        line += row.count("\n")
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(out)
    return c, [path]


def mail(rng, k, text):
    return (f"From: Person {k} <p{k}@example.com>\nTo: team@example.com\nSubject: note {k}\n"
            f"Date: Mon, 1 Jan 2024 00:00:00 +0000\nMessage-ID: <{k}@example.com>\n"
            f"Content-Type: text/plain; charset=utf-8\n\n{text}\n")


def make_mbox(rng, n, root, share):
    path = os.path.join(root, "inbox.mbox")
    c, out = Case(), []
    for k in range(n):
        kind = rng.choice(["big", "noheaders", "binary"]) if rng.random() < share else "ok"
        sep = f"From p{k}@example.com Mon Jan  1 00:00:{k % 60:02d} 2024\n"
        if kind == "ok":
            text = body(rng).replace("\nFrom ", "\n>From ")
            msg = mail(rng, k, text)
            c.good(f"{path}#{k + 1}")
        elif kind == "big":
            msg = mail(rng, k, ("z" * 70 + "\n") * (LIMIT // 70 + 2))
            c.bad(f"{path}#{k + 1}")
        elif kind == "noheaders":
            msg = "just some words without any header\nand more\n"
            c.bad(f"{path}#{k + 1}")
        else:
            msg = "\x00\x01\x02binary\x00junk\n"
            c.bad(f"{path}#{k + 1}")
        out.append(sep + msg + "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(out))
    return c, [path]


def make_maildir(rng, n, root, share):
    md = os.path.join(root, "Maildir")
    for sub in ("cur", "new", "tmp"):
        os.makedirs(os.path.join(md, sub))
    c, files = Case(), []
    for k in range(n):
        sub = "cur" if rng.random() < 0.6 else "new"
        name = f"{1700000000 + k}.M{k}P1.host" + (":2,S" if sub == "cur" else "")
        kind = rng.choice(["empty", "binary", "big", "noheaders"]) if rng.random() < share else "ok"
        data = {
            "ok": lambda: mail(rng, k, body(rng)).encode(),
            "empty": lambda: b"",
            "binary": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(200),
            "big": lambda: mail(rng, k, "z" * (LIMIT + 10)).encode(),
            "noheaders": lambda: b"no headers here\n",
        }[kind]()
        p = os.path.join(md, sub, name)
        with open(p, "wb") as f:
            f.write(data)
        files.append((p, kind != "ok"))
    # A delivery in progress is not a message.
    with open(os.path.join(md, "tmp", "1800000000.M0P1.host"), "wb") as f:
        f.write(mail(rng, 0, "not yet delivered").encode())
    for p, is_bad in sorted(files):
        (c.bad if is_bad else c.good)(p)
    return c, [md]


def make_slack(rng, n, root, share):
    ex = os.path.join(root, "slack")
    os.makedirs(ex)
    users = [{"id": f"U{i}", "name": f"user{i}", "profile": {"real_name": f"User {i}"}} for i in range(3)]
    with open(os.path.join(ex, "users.json"), "w") as f:
        json.dump(users, f)
    channels = ["general", "random"]
    with open(os.path.join(ex, "channels.json"), "w") as f:
        json.dump([{"id": f"C{i}", "name": ch} for i, ch in enumerate(channels)], f)
    c = Case()
    per_day = max(1, n // 6)
    k = 0
    days = {ch: [] for ch in channels}
    while k < n:
        ch = channels[len(days["general"]) > len(days["random"])]
        day = f"2026-01-{len(days[ch]) + 1:02d}"
        msgs, expected = [], []
        for _ in range(min(per_day, n - k)):
            if rng.random() < 0.15:  # events are not messages: skipped, and counted in the summary
                msgs.append({"type": "message", "subtype": "channel_join", "user": "U1", "text": "joined"})
            idx = len(msgs) + 1
            kind = rng.choice(["notext", "numtext"]) if rng.random() < share else "ok"
            m = {"type": "message", "user": f"U{rng.randint(0, 2)}", "ts": f"{1700000000 + k}.000100"}
            if kind == "ok":
                m["text"] = body(rng).replace("&", "&amp;")
            elif kind == "numtext":
                m["text"] = 5
            msgs.append(m)
            expected.append((f"{ch}/{day}#{idx}", kind != "ok"))
            k += 1
        days[ch].append((day, msgs, expected))
    # One day file that is not JSON: one error record naming the file.
    broken = ("2026-02-01", None, [(os.path.join(ex, "random", "2026-02-01.json"), True)])
    days["random"].append(broken)
    for ch in channels:
        os.makedirs(os.path.join(ex, ch))
        for day, msgs, expected in days[ch]:
            with open(os.path.join(ex, ch, day + ".json"), "w", encoding="utf-8") as f:
                f.write(json.dumps(msgs, ensure_ascii=False) if msgs is not None else "[{\"text\": ")
            for id_, is_bad in expected:
                (c.bad if is_bad else c.good)(id_)
    return c, [ex]


MAKERS = {"jsonl": make_jsonl, "csv": make_csv, "mbox": make_mbox, "maildir": make_maildir, "slack": make_slack}


def run_case(culpa, fmt, seed):
    rng = random.Random(seed * 100 + list(MAKERS).index(fmt))
    n = rng.randint(1, 150)
    share = 0.0 if seed == 1 else rng.choice([0.05, 0.2, 0.5, 1.0])
    root = tempfile.mkdtemp(prefix=f"culpa-lost-{fmt}-")
    try:
        case, paths = MAKERS[fmt](rng, n, root, share)
        proc = subprocess.run([culpa, "score", "--format", "jsonl", "--max-message-bytes", str(LIMIT),
                               "--max-record-bytes", str(RECORD_LIMIT)] + paths,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        got = []
        for line in proc.stdout.decode("utf-8").splitlines():
            r = json.loads(line)
            got.append((r["id"], "error" in r))
        problems = []
        if got != case.expected:
            for i, (g, e) in enumerate(zip(got, case.expected)):
                if g != e:
                    problems.append(f"record {i + 1}: got {g}, want {e}")
                    break
            if len(got) != len(case.expected):
                problems.append(f"{len(got)} records, want {len(case.expected)}")
        ids = [g[0] for g in got]
        if len(set(ids)) != len(ids):
            problems.append("duplicate ids")
        failed = any(e for _, e in case.expected)
        if proc.returncode != (1 if failed else 0):
            problems.append(f"exit {proc.returncode}, want {1 if failed else 0}: {proc.stderr.decode()[-300:]}")
        status = "ok" if not problems else "FAILED: " + "; ".join(problems)
        print(f"{fmt} seed {seed}: {len(case.expected)} records expected "
              f"({sum(e for _, e in case.expected)} errors): {status}", flush=True)
        return not problems
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main():
    culpa = sys.argv[1]
    seeds = int(sys.argv[2]) if len(sys.argv) > 2 else 8
    ok = True
    for seed in range(1, seeds + 1):
        for fmt in MAKERS:
            ok &= run_case(culpa, fmt, seed)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
