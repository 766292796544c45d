#!/usr/bin/env python3
"""Generates an mbox corpus for tools/bench-mbox.

Deterministic (fixed seed): the same size gives the same bytes. The mail looks
like a real mailbox's: replies quoting earlier messages under "On ... wrote:"
or Outlook header blocks, signatures and legal disclaimers, forwarded mail,
and bodies in 7bit, quoted-printable and base64, some multipart/alternative
with an HTML copy, some with a PDF attachment, a few bounces. Body lines that
start with "From " are escaped as ">From " (mboxrd).

usage: gen_mbox.py OUT.mbox MEGABYTES
"""
import base64
import email.utils
import quopri
import random
import sys
import textwrap

ROUTINE = [
    "Please find attached the updated project timeline for the next quarter.",
    "Can we move Thursday's sync to 3pm? I have a conflict with the board prep.",
    "The vendor confirmed delivery for the week of the 14th.",
    "Reminder that expense reports are due by the end of the month.",
    "I’ve shared the draft with legal and will circulate comments by Friday.",
    "Our hiring plan for the platform team is now in the shared drive.",
    "Let's review the Q3 numbers together before the all-hands.",
    "Could you send me the latest version of the customer survey results?",
    "We're on track for the release; QA signed off on the regression suite this morning.",
    "From now on the weekly report goes to the whole team.",
    "Budget approvals for the marketing campaign came through yesterday — café at 10?",
]
OWN = [
    "I made a mistake in the totals, and that's on me.",
    "Sorry, I sent the wrong file. I take full responsibility.",
    "I should have checked the numbers before sending them out.",
    "My fault: I forgot to renew the certificate. I've set a reminder so it won't happen again.",
]
DEFLECT = [
    "Mistakes were made, but the data we received was incomplete.",
    "The delay was caused by the vendor, not by our team.",
    "Sorry if anyone was confused by the announcement.",
    "In hindsight the process could have been clearer, but nobody flagged it.",
]
NAMES = ["Dana Reyes", "Sam Ortiz", "Lee Park", "Kim Novak", "Alex Moreau", "Jordan Blake"]
SIGS = ["-- \n{name}\nOperations | Example Corp\n+1 555 0100\n", "\nSent from my iPhone\n",
        "-- \n{name}\n"]
DISCLAIMER = ("This e-mail is confidential and intended solely for the addressee. If you have received it in error, "
              "please notify the sender and delete it. The company accepts no liability for errors or omissions.")


def para(rng, n):
    pool = ROUTINE * 4 + OWN + DEFLECT
    return textwrap.fill(" ".join(rng.choice(pool) for _ in range(n)), 72)


def body_text(rng, name, other, date):
    parts = [para(rng, rng.randint(1, 4)) for _ in range(rng.randint(1, 3))]
    text = "Hi,\n\n" + "\n\n".join(parts) + "\n\n"
    text += rng.choice(SIGS).format(name=name)
    if rng.random() < 0.3:
        text += "\n" + textwrap.fill(DISCLAIMER, 72) + "\n"
    style = rng.random()
    quoted = [para(rng, rng.randint(2, 6)) for _ in range(rng.randint(1, 4))]
    if style < 0.5:
        text += f"\nOn {date}, {other} <{other.split()[0].lower()}@example.org> wrote:\n\n"
        text += "\n>\n".join("\n".join("> " + l for l in q.split("\n")) for q in quoted) + "\n"
    elif style < 0.75:
        text += (f"\nFrom: {other} [mailto:{other.split()[0].lower()}@example.org]\nSent: {date}\n"
                 f"To: {name}\nSubject: Planning\n\n" + "\n\n".join(quoted) + "\n")
    elif style < 0.85:
        text += "\n---------- Forwarded message ---------\nFrom: Ops <ops@example.org>\n\n" + quoted[0] + "\n"
    return text


def encode(rng, text):
    r = rng.random()
    raw = text.encode("utf-8")
    if r < 0.4:
        return "quoted-printable", quopri.encodestring(raw).decode("ascii")
    if r < 0.6:
        return "base64", base64.encodebytes(raw).decode("ascii")
    return "8bit", text


def message(rng, i):
    name, other = rng.sample(NAMES, 2)
    t = 1767225600 + i * 97
    date = email.utils.formatdate(t, localtime=False)
    frm = f"From {name.split()[0].lower()}@example.org {email.utils.formatdate(t, usegmt=True)}\n"
    head = (f"From: {name} <{name.split()[0].lower()}@example.org>\nTo: {other} <team@example.org>\n"
            f"Subject: Re: Planning #{i % 500}\nDate: {date}\nMessage-ID: <{i}.bench@example.org>\n"
            f"In-Reply-To: <{max(i - 1, 0)}.bench@example.org>\nMIME-Version: 1.0\n")
    if rng.random() < 0.02:
        head = head.replace(f"From: {name} <", "From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nX-Was: <")
        body = "Content-Type: text/plain\n\nSorry, we were unable to deliver your message.\n"
        return frm + head + body
    text = body_text(rng, name, other, date)
    cte, enc = encode(rng, text)
    r = rng.random()
    if r < 0.25:
        html = "<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</body></html>"
        b = f"alt{i}"
        body = (f'Content-Type: multipart/alternative; boundary="{b}"\n\n--{b}\n'
                f"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: {cte}\n\n{enc}\n"
                f"--{b}\nContent-Type: text/html; charset=UTF-8\nContent-Transfer-Encoding: base64\n\n"
                f"{base64.encodebytes(html.encode()).decode()}\n--{b}--\n")
    elif r < 0.35:
        b = f"mix{i}"
        pdf = base64.encodebytes(bytes(rng.getrandbits(8) for _ in range(3000))).decode()
        body = (f'Content-Type: multipart/mixed; boundary="{b}"\n\n--{b}\n'
                f"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: {cte}\n\n{enc}\n"
                f'--{b}\nContent-Type: application/pdf; name="r{i}.pdf"\nContent-Disposition: attachment; '
                f'filename="r{i}.pdf"\nContent-Transfer-Encoding: base64\n\n{pdf}\n--{b}--\n')
    else:
        body = f"Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: {cte}\n\n{enc}"
    lines = []
    for line in body.split("\n"):
        k = len(line) - len(line.lstrip(">"))
        lines.append(">" + line if line[k:].startswith("From ") else line)
    return frm + head + "\n".join(lines).rstrip("\n") + "\n\n"


def main():
    out, mb = sys.argv[1], float(sys.argv[2])
    rng = random.Random(20260303)
    limit = int(mb * 1024 * 1024)
    size = 0
    with open(out, "w", encoding="utf-8", newline="\n") as f:
        i = 0
        while size < limit:
            m = message(rng, i)
            f.write(m)
            size += len(m.encode("utf-8"))
            i += 1
    print(f"{out}: {i} messages, {size / 1048576:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
