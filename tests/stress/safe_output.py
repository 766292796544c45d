#!/usr/bin/env python3
"""Safe output: what culpa prints from hostile messages is safe to open.

Ids, bodies, sender names and subjects carry terminal escapes (ESC, CSI, OSC,
the C1 controls U+009B/U+009D, BEL, CR, NUL), HTML (<script>, attribute-
breaking quotes) and spreadsheet formulas. Checks:
  text  no control byte reaches the terminal (C0, DEL, C1 as UTF-8 or raw);
  jsonl every line is strict UTF-8 JSON without raw control characters, and
        the hostile strings come back intact as data;
  csv   rows parse with the header's column count, and no field a
        spreadsheet would run as a formula starts with = + - @ (or tab/CR);
  html  strict UTF-8 without control characters; parsed with Python's HTML
        parser, the only elements and attributes are the ones the writer
        emits (no script, no event handler, no URL), and the hostile strings
        come back intact as text or attribute values.

usage: safe_output.py CULPA
"""
import csv
import html.parser
import io
import json
import re
import subprocess
import sys
import tempfile
import os

ESC = "\x1b[31mred\x1b[0m\x1b]0;pwned\x07\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\\x9b2J\x9d0;t\x9c\r\x00"
HTML = "<script>alert(1)</script>\"'><img src=x onerror=alert(2)>"
FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)


def culpa(binary, args, stdin=None):
    p = subprocess.run([binary, "score", "--color", "never"] + args, input=stdin, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    check(p.returncode in (0, 1), f"{args}: exit {p.returncode}: {p.stderr[-300:]!r}")
    return p.stdout, p.stderr


def jsonl_input():
    lines = []
    for i, f in enumerate(FORMULAS):
        lines.append({"id": f, "text": f + " That's on me. " + ESC + HTML, "who": HTML + ESC})
    lines.append({"id": "esc" + ESC, "text": ESC + "Mistakes were made " + HTML})
    lines.append({"id": HTML, "text": "Sorry if anyone was offended " + HTML})
    return "".join(json.dumps(x) + "\n" for x in lines).encode()


def mail_input():
    # Name and subject as raw UTF-8 and as RFC 2047 words hiding ESC and C1 bytes.
    return ("From: \"" + HTML.replace('"', "'") + "\x1b[2J\" <a@example.com>\n"
            "Subject: =?utf-8?q?=1B]0;pwned=07=C2=9B2J_=3Cscript=3E?= \x1b[31m" + HTML + "\n"
            "Content-Type: text/plain; charset=utf-8\n\nThat's on me. " + ESC + HTML + "\n").encode()


def decoded(out, what, kind, controls):
    """`out` as strict UTF-8 (None when it is not, raw C1 bytes could pass),
    checked for the control characters the regex `controls` matches."""
    try:
        text = out.decode("utf-8")
    except UnicodeDecodeError as e:
        check(False, f"{what}: {kind} output is not UTF-8 ({e})")
        return None
    check(not re.search(controls, text), f"{what}: control character in {kind} output")
    return text


def check_text(out, what):
    for bad, name in ((b"\x1b", "ESC"), (b"\x07", "BEL"), (b"\x00", "NUL"), (b"\r", "CR"), (b"\x7f", "DEL")):
        check(bad not in out, f"{what}: text output holds {name}")
    check(not re.search(rb"\xc2[\x80-\x9f]", out), f"{what}: text output holds a C1 control (UTF-8)")
    decoded(out, what, "text", "[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, dict):
        for k, x in v.items():
            yield k
            yield from strings(x)
    elif isinstance(v, list):
        for x in v:
            yield from strings(x)


def check_jsonl(out, what, must_contain):
    seen = ""
    for i, line in enumerate(out.split(b"\n")[:-1]):
        check(not re.search(rb"[\x00-\x1f\x7f]", line), f"{what}: raw control byte on JSONL line {i + 1}")
        try:
            rec = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            check(False, f"{what}: JSONL line {i + 1} is not strict UTF-8 JSON: {e}")
            continue
        seen += "\n".join(strings(rec))
    for s in must_contain:
        check(s in seen, f"{what}: {s!r} did not come back intact in the JSON")


def check_csv(out, what):
    text = out.decode("utf-8", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    check(len(rows) >= 2, f"{what}: no CSV rows")
    width = len(rows[0])
    for r in rows[1:]:
        check(len(r) == width, f"{what}: a row has {len(r)} fields, the header {width}: {r[:3]}")
        for field in r:
            check(not field or field[0] not in "=+-@\t\r", f"{what}: formula-like CSV field {field[:40]!r}")


# What the HTML writer emits, and nothing else may appear: element -> the
# attributes it may carry.
HTML_TAGS = {
    "html": {"lang"}, "head": set(), "meta": {"charset", "http-equiv", "content", "name"}, "title": set(),
    "style": set(), "body": set(), "h1": set(), "h2": set(), "section": {"class", "id"}, "span": {"class", "title"},
    "p": {"class"}, "div": {"class"}, "mark": {"class", "title"}, "ol": {"class"}, "ul": {"class"},
    "li": {"class"}, "code": set(), "q": set(), "br": set(), "dl": {"class"}, "dt": set(), "dd": set(),
    "footer": set(),
}


class HtmlCheck(html.parser.HTMLParser):
    def __init__(self, what):
        super().__init__(convert_charrefs=True)
        self.what, self.data, self.attrs = what, [], []

    def handle_starttag(self, tag, attrs):
        check(tag in HTML_TAGS, f"{self.what}: unexpected element <{tag}>")
        for name, value in attrs:
            check(name in HTML_TAGS.get(tag, set()), f"{self.what}: unexpected attribute {name}= on <{tag}>")
            self.attrs.append(value or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.data.append(data)

    def handle_comment(self, data):
        check(False, f"{self.what}: a comment in the output: {data[:60]!r}")


def check_html(out, what, must_contain):
    text = decoded(out, what, "HTML", "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
    if text is None:
        return
    check(text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n"), f"{what}: not one whole page")
    p = HtmlCheck(what)
    p.feed(text)
    p.close()
    seen = "".join(p.data) + "\n".join(p.attrs)
    for s in must_contain:
        check(s in seen, f"{what}: {s!r} did not come back intact as text")


def main():
    binary = sys.argv[1]
    data = jsonl_input()
    out, err = culpa(binary, ["--format", "text", "--keep-fields", "who", "-"], data)
    check_text(out, "jsonl->text")
    check_text(err, "jsonl->text stderr")
    out, _ = culpa(binary, ["--format", "jsonl", "--keep-fields", "who", "-"], data)
    check_jsonl(out, "jsonl->jsonl", ["<script>alert(1)</script>", "\x1b]0;pwned", "=HYPERLINK("])
    out, _ = culpa(binary, ["--format", "csv", "-"], data)
    check_csv(out, "jsonl->csv")
    out, _ = culpa(binary, ["--format", "html", "--keep-fields", "who", "-"], data)
    check_html(out, "jsonl->html", [HTML, "=HYPERLINK("])

    mail = mail_input()
    for fmt in ("text", "jsonl", "csv", "html"):
        out, err = culpa(binary, ["--format", fmt, "--input-format", "email", "--keep-fields", "Subject", "-"], mail)
        {"text": lambda: check_text(out, "mail->text"),
         "jsonl": lambda: check_jsonl(out, "mail->jsonl", ["<script>"]),
         "csv": lambda: check_csv(out, "mail->csv"),
         "html": lambda: check_html(out, "mail->html", ["<script>alert(1)</script>", "onerror=alert(2)>"])}[fmt]()
        check_text(err, f"mail->{fmt} stderr")

    # Raw (not UTF-8) C1 bytes in a text message.
    raw = b"That's on me \x9b2J \x9d0;x\x07 \xc2\x9b31m"
    out, _ = culpa(binary, ["--format", "text", "--input-format", "text", "-"], raw)
    check_text(out, "raw C1 bytes")

    # Error records: the message of a failure names the input, which may be hostile too.
    d = tempfile.mkdtemp(prefix="culpa-safe-")
    try:
        bad = os.path.join(d, "evil\x1b]0;x\x07=1.jsonl")
        with open(bad, "wb") as f:
            f.write(b'{"id": 1, "text": 2}\n')
        out, err = culpa(binary, ["--format", "text", bad])
        check_text(out, "error record text")
        out, _ = culpa(binary, ["--format", "csv", bad])
        check_csv(out, "error record csv")
        out, _ = culpa(binary, ["--format", "html", bad])
        check_html(out, "error record html", ["evil"])
    finally:
        subprocess.run(["rm", "-rf", d])

    # The golden cases' hostile mail and JSONL: <script>, attribute breakers
    # and quotes in the body, From name, Subject, ids and text.
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "golden", "inputs")
    for name in ("hostile.eml", "hostile.jsonl"):
        out, _ = culpa(binary, ["--format", "html", os.path.join(root, name)])
        check_html(out, name, ["<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "O'Brien" if
                               name.endswith(".eml") else "'quoted'"])
        check(b"<script" not in out and b"<img" not in out, f"{name}: a raw tag in the HTML")

    for f in failures:
        print("safe_output: FAILED: " + f, file=sys.stderr)
    if not failures:
        print("safe_output: text, jsonl, csv and html output safe for hostile ids, bodies, names and subjects")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
