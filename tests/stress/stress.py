#!/usr/bin/env python3
"""Stress tests: the real culpa binary on inputs built to hurt it.

Each case generates its input on the fly (deterministic: fixed seeds),
streams it into `culpa score` through a pipe, and checks what comes out:
one record per message in input order, valid JSON, the exit code, and for
the big cases the peak RSS of the culpa process (/usr/bin/time -f %M).

usage: stress.py CULPA CASE     (stress.py CULPA list: the cases)

The 200 MB cases ("big") take about 10-20 s each in an optimised build; CI
runs them in the dev build only (under ASan, memory and time differ).
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time

MB = 1 << 20
RSS_LIMIT_KB = 100 * 1024  # peak RSS of culpa on a 200 MB stream

SENTENCES = [
    "Please find attached the updated project timeline for the next quarter.",
    "Can we move Thursday's sync to 3pm? I have a conflict.",
    "I made a mistake in the totals, and that's on me.",
    "Mistakes were made, but the data we received was incomplete.",
    "Sorry if anyone was offended by the announcement.",
    "The vendor dropped the ball on the delivery.",
    "I’ll fix it today and add a check so it won’t happen again.",
    "We’re on track for the release — QA signed off this morning.",
    "Drinks are on me tonight!",
    "Ünïcödé, 日本語のテキスト, and emoji 🎉 all in one line.",
]


class Failure(Exception):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


def paragraph(rng, words_hint):
    out, n = [], 0
    while n < words_hint:
        s = rng.choice(SENTENCES)
        out.append(s)
        n += s.count(" ") + 1
    return " ".join(out)


def run(culpa, args, chunks, on_line=None):
    """Runs culpa with `chunks` (an iterable of bytes) on stdin, under
    /usr/bin/time for its peak RSS. Returns (exit code, peak RSS in KiB,
    seconds, stdout lines unless on_line takes them, stderr)."""
    start = time.monotonic()
    rss_file = tempfile.NamedTemporaryFile(prefix="culpa-stress-", delete=False)
    rss_file.close()
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file.name, culpa] + args,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    err = []

    def feed():
        try:
            for c in chunks:
                proc.stdin.write(c)
        except BrokenPipeError:
            pass
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    def drain_err():
        err.append(proc.stderr.read())

    threads = [threading.Thread(target=feed), threading.Thread(target=drain_err)]
    for t in threads:
        t.start()
    lines = []
    pending = b""
    while True:
        block = proc.stdout.read(1 << 16)
        if not block:
            break
        parts = (pending + block).split(b"\n")
        pending = parts.pop()
        for line in parts:
            if on_line is None:
                lines.append(line)
            else:
                on_line(line)
    check(pending == b"", "output does not end with a newline")
    for t in threads:
        t.join()
    proc.wait()
    secs = time.monotonic() - start
    stderr = err[0] if err else b""
    with open(rss_file.name) as f:
        timing = f.read().split()
    os.unlink(rss_file.name)
    # GNU time reports a signal as "Command terminated by signal N" and exits 128+N.
    check(proc.returncode < 128 and "signal" not in timing,
          f"culpa died ({' '.join(timing)}): {stderr[-2000:]!r}")
    rss = int(timing[-1])
    return proc.returncode, rss, secs, lines, stderr


def records(lines):
    out = []
    for i, line in enumerate(lines):
        try:
            text = line.decode("utf-8")  # strict: the output is valid UTF-8
        except UnicodeDecodeError as e:
            raise Failure(f"output line {i + 1} is not UTF-8: {e}")
        try:
            out.append(json.loads(text))
        except ValueError as e:
            raise Failure(f"output line {i + 1} is not JSON: {e}: {text[:200]}")
    return out


class Sequence:
    """Checks streamed JSONL records: ids in the expected order, counts."""

    def __init__(self, expected_id):
        self.expected_id = expected_id
        self.n = 0
        self.errors = 0

    def __call__(self, line):
        want = self.expected_id(self.n).encode()
        prefix = b'{"schema":1,"id":"' + want + b'",'
        check(line.startswith(prefix), f"record {self.n + 1}: expected id {want!r}, got {line[:120]!r}")
        if line.startswith(prefix + b'"error"'):
            self.errors += 1
        self.n += 1


def report(name, **kv):
    print(name + ": " + ", ".join(f"{k} {v}" for k, v in kv.items()), flush=True)


# --- the 200 MB streams ------------------------------------------------------

def jsonl_stream(total, counter):
    rng = random.Random(5)
    size, i, buf = 0, 0, []
    while size < total:
        rec = json.dumps({"id": f"m{i}", "text": paragraph(rng, rng.randint(20, 300)),
                          "author": "someone"}, ensure_ascii=False).encode() + b"\n"
        buf.append(rec)
        size += len(rec)
        i += 1
        if len(buf) >= 512:
            yield b"".join(buf)
            buf = []
    counter.append(i)
    yield b"".join(buf)


def mbox_stream(total, counter):
    rng = random.Random(6)
    size, i, buf = 0, 0, []
    while size < total:
        body = "\n".join(paragraph(rng, rng.randint(20, 120)) for _ in range(rng.randint(1, 4)))
        if i % 7 == 0:
            body += "\n>From the archive: escaped mboxrd line\n"
        if i % 5 == 0:
            body += "\n\nOn Mon, 2 Apr 2012, Bob <b@x.org> wrote:\n> It broke again.\n> Fix it.\n"
        msg = (f"From sender{i}@example.com Mon Jan  1 00:00:00 2024\n"
               f"From: Person {i} <p{i}@example.com>\nTo: team@example.com\n"
               f"Subject: status {i}\nDate: Mon, 1 Jan 2024 00:00:00 +0000\n"
               f"Message-ID: <{i}@example.com>\nContent-Type: text/plain; charset=utf-8\n\n"
               f"{body}\n\n").encode()
        buf.append(msg)
        size += len(msg)
        i += 1
        if len(buf) >= 256:
            yield b"".join(buf)
            buf = []
    counter.append(i)
    yield b"".join(buf)


def case_jsonl_200mb(culpa):
    counter = []
    seq = Sequence(lambda n: f"m{n}")
    rc, rss, secs, _, err = run(culpa, ["score", "--format", "jsonl", "-"], jsonl_stream(200 * MB, counter), seq)
    check(rc == 0, f"exit {rc}: {err[-500:]!r}")
    check(seq.n == counter[0], f"{seq.n} records for {counter[0]} messages")
    check(rss < RSS_LIMIT_KB, f"peak RSS {rss} KiB >= {RSS_LIMIT_KB} KiB")
    report("jsonl_200mb", messages=seq.n, peak_rss_mb=round(rss / 1024, 1), seconds=round(secs, 1))


def case_mbox_200mb(culpa):
    counter = []
    seq = Sequence(lambda n: f"<stdin>#{n + 1}")
    rc, rss, secs, _, err = run(culpa, ["score", "--format", "jsonl", "-"], mbox_stream(200 * MB, counter), seq)
    check(rc == 0, f"exit {rc}: {err[-500:]!r}")
    check(seq.n == counter[0], f"{seq.n} records for {counter[0]} messages")
    check(rss < RSS_LIMIT_KB, f"peak RSS {rss} KiB >= {RSS_LIMIT_KB} KiB")
    report("mbox_200mb", messages=seq.n, peak_rss_mb=round(rss / 1024, 1), seconds=round(secs, 1))


# --- one 50 MB line ------------------------------------------------------------

def case_long_line(culpa):
    # A JSONL record of 50 MB between two ordinary ones: an error record for
    # it (over --max-message-bytes, 16 MiB by default), the others scored,
    # and the long line is skipped, not buffered.
    def chunks():
        yield b'{"id":"a","text":"That\'s on me."}\n{"id":"big","text":"'
        for _ in range(50):
            yield b"sorry that is on me " * (MB // 20)
        yield b'"}\n{"id":"b","text":"The vendor was late."}\n'
    rc, rss, secs, lines, _ = run(culpa, ["score", "--format", "jsonl", "-"], chunks())
    recs = records(lines)
    check([r["id"] for r in recs] == ["a", "<stdin>:2", "b"], f"ids {[r['id'] for r in recs]}")
    check("error" in recs[1] and "error" not in recs[0] and "error" not in recs[2], "error record for line 2 only")
    check(rc == 1, f"exit {rc}, want 1")
    check(rss < RSS_LIMIT_KB, f"peak RSS {rss} KiB")
    # The same line as one text message (no line end at all).
    rc, rss2, secs2, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "text", "-"],
                                   (b"x" * MB for _ in range(50)))
    recs = records(lines)
    check(len(recs) == 1 and "error" in recs[0] and rc == 1, f"text: {rc} {lines[:1]!r}")
    report("long_line", jsonl_seconds=round(secs, 1), jsonl_peak_rss_mb=round(rss / 1024, 1),
           text_seconds=round(secs2, 1), text_peak_rss_mb=round(rss2 / 1024, 1))


def case_long_paragraph(culpa):
    # One message with no line breaks and no sentence ends, dense with hits and
    # scope cues: all of it one "sentence". Cost must grow linearly with its
    # length (4x the text, about 4x the time); quadratic scope checks grow 16x,
    # and a 16 MiB message (the default limit) would take hours. Dense hits make
    # the regex set slow per byte here, so the check is on the ratio, with a
    # generous ceiling against hangs.
    rng = random.Random(8)
    words = ["sorry", "the", "deploy", "failed", "that", "is", "on", "me", "and", "we", "will", "fix", "it",
             "mistakes", "were", "made", "but", "vendor", "if", "not", "maybe", "said"]
    full = " ".join(rng.choice(words) for _ in range(130000))
    times = {}
    for kib in (128, 512):
        text = full[:kib * 1024]
        rc, _, secs, lines, err = run(culpa, ["score", "--format", "jsonl", "--input-format", "text", "-"],
                                      [text.encode()])
        check(rc == 0 and len(records(lines)) == 1, f"{kib} KiB: exit {rc}: {err[-300:]!r}")
        times[kib] = secs
    ratio = times[512] / max(times[128], 0.05)
    check(ratio < 7, f"4x the text took {ratio:.1f}x the time ({times[128]:.2f} s -> {times[512]:.2f} s): not linear")
    check(times[512] < 30, f"a 512 KiB paragraph took {times[512]:.1f} s")
    report("long_paragraph", seconds_128k=round(times[128], 2), seconds_512k=round(times[512], 2),
           ratio=round(ratio, 1))


# --- deep nesting ---------------------------------------------------------------

def case_deep_nesting(culpa):
    depth = 10000
    # MIME: 10,000 nested multiparts -> one error record (--max-mime-depth).
    mime = [b"From: a@example.com\nSubject: deep\nMIME-Version: 1.0\n"]
    mime += [b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(depth)]
    mime.append(b"Content-Type: text/plain\n\nThat's on me.\n")
    rc, _, s1, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "email", "-"], mime)
    recs = records(lines)
    check(len(recs) == 1 and "nested deeper" in recs[0].get("error", ""), f"mime: {lines[:1]!r}")
    check(rc == 1, f"mime: exit {rc}")
    # HTML: 20,000 nested elements in a text/html body -> an error record
    # (--max-html-depth, 512 by default); read, text kept, when the limit
    # allows it.
    head = b"From: a@example.com\nSubject: deep html\nContent-Type: text/html\n\n"
    html = head + b"<div><span>" * depth + b"I made a mistake and that's on me." + b"</span></div>" * depth + b"\n"
    rc, _, s2, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "email", "-"], [html])
    recs = records(lines)
    check(len(recs) == 1 and "--max-html-depth" in recs[0].get("error", "") and rc == 1,
          f"html: exit {rc} {lines[:1]!r}")
    rc, _, s2, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "email",
                                      "--max-html-depth", str(2 * depth), "-"], [html])
    recs = records(lines)
    check(len(recs) == 1 and "error" not in recs[0] and rc == 0, f"html: exit {rc} {lines[:1]!r}")
    check(any(m["rule"] for m in recs[0]["matches"]), "html: the words inside were lost")
    # HTML just under the limit, then 1 MB of stray end tags: libxml2 scans its
    # stack of open elements for each, so the cost is tags x depth; the limit
    # keeps it linear in the size.
    stray = head + b"<div>" * 512 + b"I made a mistake." + b"</i>" * (MB // 4) + b"\n"
    rc, _, s4, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "email", "-"], [stray])
    recs = records(lines)
    check(len(recs) == 1 and "error" not in recs[0] and rc == 0, f"stray end tags: exit {rc} {lines[:1]!r}")
    check(s4 < 20, f"1 MB of stray end tags at depth 512 took {s4:.1f} s")
    # JSON: a JSONL record with a 10,000-deep kept field.
    deep = b'{"id":"d","text":"That\'s on me.","x":' + b"[" * depth + b"]" * depth + b"}\n"
    rc, _, s3, lines, _ = run(culpa, ["score", "--format", "jsonl", "--keep-fields", "x", "-"], [deep])
    # (Python's json module cannot read 10,000 levels back; the prefix says enough.)
    check(len(lines) == 1 and lines[0].startswith(b'{"schema":1,"id":"d","label":') and rc == 0,
          f"json: exit {rc} {lines[:1]!r}")
    # MIME: 5,000 sibling parts -> an error record (--max-mime-parts, 1000 by default).
    parts = [b"From: a@example.com\nSubject: wide\nContent-Type: multipart/mixed; boundary=w\n\n"]
    parts += [b"--w\nContent-Type: text/plain\n\nThat's on me.\n"] * 5000 + [b"--w--\n"]
    rc, _, s5, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "email", "-"], parts)
    recs = records(lines)
    check(len(recs) == 1 and "--max-mime-parts" in recs[0].get("error", "") and rc == 1, f"parts: {lines[:1]!r}")
    report("deep_nesting", mime_seconds=round(s1, 2), html_seconds=round(s2, 2), json_seconds=round(s3, 2),
           stray_end_tags_seconds=round(s4, 2), mime_parts_seconds=round(s5, 2))


# --- many empty messages ------------------------------------------------------

def case_empty_100k(culpa):
    n = 100000
    seq = Sequence(lambda i: f"e{i}")
    rc, _, s1, _, _ = run(culpa, ["score", "--format", "jsonl", "-"],
                          [b"".join(b'{"id":"e%d","text":""}\n' % i for i in range(n))], seq)
    check(rc == 0 and seq.n == n, f"jsonl: exit {rc}, {seq.n} records")
    # An mbox of 100,000 messages with nothing in them: each an error record.
    seq = Sequence(lambda i: f"<stdin>#{i + 1}")
    rc, _, s2, _, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "mbox", "-"],
                          [b"From a@b Mon Jan  1 00:00:00 2024\n\n" * n], seq)
    check(rc == 1 and seq.n == n and seq.errors == n, f"mbox: exit {rc}, {seq.n} records, {seq.errors} errors")
    # CSV rows with an empty text field.
    seq = Sequence(lambda i: f"e{i}")
    rc, _, s3, _, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", "csv", "-"],
                          [b"id,text\n" + b"".join(b"e%d,\n" % i for i in range(n))], seq)
    check(rc == 0 and seq.n == n, f"csv: exit {rc}, {seq.n} records")
    report("empty_100k", jsonl_seconds=round(s1, 1), mbox_seconds=round(s2, 1), csv_seconds=round(s3, 1))


# --- random bytes, NUL, invalid UTF-8 -----------------------------------------------

def check_records(lines, what):
    recs = records(lines)
    for r in recs:
        check(isinstance(r.get("id"), str) and r["id"], f"{what}: record without id: {r}")
        check(("error" in r) != ("label" in r), f"{what}: record neither scored nor error: {r}")
    return recs


def case_random_bytes(culpa):
    data = random.Random(9).randbytes(4 * MB)
    for fmt in ("auto", "text", "jsonl", "email", "mbox", "csv"):
        rc, _, secs, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", fmt, "-"], [data])
        recs = check_records(lines, fmt)
        check(rc in (0, 1) and (rc == 1) == any("error" in r for r in recs), f"{fmt}: exit {rc}")
        report("random_bytes", format=fmt, records=len(recs), exit=rc, seconds=round(secs, 2))
    # Text output to a terminal must not pass raw control bytes through.
    rc, _, _, lines, _ = run(culpa, ["score", "--format", "text", "--input-format", "text", "-"], [data])
    out = b"\n".join(lines)
    check(rc == 0 and not any(b in out for b in (b"\x1b", b"\x00", b"\x07", b"\x9b", b"\r")),
          "text output holds control bytes")


def case_nul_bytes(culpa):
    text = b"That's on me.\x00 I\x00 made a mistake.\x00\x00"
    cases = {
        "jsonl": b'{"id":"n","text":"That\'s on me.\\u0000 I\\u0000 made a mistake."}\n',
        "text": text,
        "csv": b"id,text\nn,\"" + text + b"\"\n",
        "email": b"From: a@example.com\nSubject: nul\x00s\n\n" + text + b"\n",
    }
    for fmt, data in cases.items():
        rc, _, _, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", fmt, "-"], [data])
        recs = check_records(lines, fmt)
        check(rc == 0 and len(recs) == 1 and recs[0].get("label") == "owns", f"{fmt}: exit {rc} {recs}")
        rc, _, _, lines, _ = run(culpa, ["score", "--format", "text", "--input-format", fmt, "-"], [data])
        check(b"\x00" not in b"\n".join(lines), f"{fmt}: NUL in text output")
    report("nul_bytes", formats=len(cases))


def case_invalid_utf8(culpa):
    bad = b"\xff\xfe\xc0\x80\xed\xa0\x80\xf8\x88\x80\x80\x80\xe2\x82"
    text = b"That's on me" + bad + b". I made a " + bad + b"mistake." + bad
    cases = {
        "text": (text, 1),
        "csv": (b"id,text,who\nu" + bad + b"," + text + b"," + bad + b"\n", 1),
        "email": (b"From: " + bad + b" <a@example.com>\nSubject: " + bad + b"\n\n" + text + b"\n", 1),
        "mbox": (b"From a@b Mon Jan  1 00:00:00 2024\nFrom: x@y\nSubject: " + bad + b"\n\n" + text + b"\n" * 2, 1),
        # Invalid UTF-8 is not JSON: an error record, the next line still read.
        "jsonl": (b'{"id":"u","text":"' + text + b'"}\n{"id":"v","text":"fine"}\n', 2),
    }
    for fmt, (data, n) in cases.items():
        rc, _, _, lines, _ = run(culpa, ["score", "--format", "jsonl", "--input-format", fmt, "--keep-fields",
                                         "who,Subject", "-"], [data])
        recs = check_records(lines, fmt)
        check(len(recs) == n, f"{fmt}: {len(recs)} records, want {n}")
        if fmt != "jsonl":
            check(rc == 0 and recs[0].get("label") == "owns", f"{fmt}: exit {rc} {recs[0]}")
        else:
            check(rc == 1 and "error" in recs[0] and recs[1]["id"] == "v", f"jsonl: {recs}")
        for out_fmt in ("text", "csv"):
            run(culpa, ["score", "--format", out_fmt, "--input-format", fmt, "-"], [data])
    report("invalid_utf8", formats=len(cases))


def case_pipe_latency(culpa):
    """Messages are scored in batches, but one that has come in through a
    pipe is answered before culpa waits for the next: a line at a time, each
    record must arrive while the writer still holds the pipe open."""
    import select
    p = subprocess.Popen([culpa, "score", "--format", "jsonl", "--input-format", "jsonl"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        for i, s in enumerate(SENTENCES[:5]):
            p.stdin.write((json.dumps({"id": f"m{i}", "text": s}) + "\n").encode())
            p.stdin.flush()
            ready, _, _ = select.select([p.stdout], [], [], 30)
            check(ready, f"no record for message {i} within 30 s while the pipe stays open")
            rec = json.loads(p.stdout.readline())
            check(rec.get("id") == f"m{i}", f"record {i} has id {rec.get('id')!r}")
        p.stdin.close()
        check(p.stdout.read() == b"", "output after the last message")
        check(p.wait(timeout=30) == 0, "exit code")
    finally:
        if p.poll() is None:
            p.kill()
    report("pipe_latency", messages=5)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}


def main():
    culpa, case = sys.argv[1], sys.argv[2]
    if case == "list":
        print("\n".join(CASES))
        return 0
    try:
        CASES[case](culpa)
    except Failure as e:
        print(f"stress {case}: FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
