#!/usr/bin/env python3
"""Generates an email-like JSONL corpus for tools/bench.

Deterministic (fixed seed): the same size gives the same bytes, so runs compare.
Most messages are routine business mail; about one in five carries
accountability language of some kind, roughly as in a real mailbox. Paragraphs
are wrapped at 72 columns like a mail client's, with curly apostrophes and
dashes mixed in, so the normaliser does real work.

usage: gen_corpus.py OUT.jsonl MEGABYTES
"""
import json
import random
import sys
import textwrap

ROUTINE = [
    "Please find attached the updated project timeline for the next quarter.",
    "Can we move Thursday's sync to 3pm? I have a conflict with the board prep.",
    "The vendor confirmed delivery for the week of the 14th.",
    "Reminder that expense reports are due by the end of the month.",
    "I’ve shared the draft with legal and will circulate comments by Friday.",
    "Thanks everyone for the great turnout at the offsite — the feedback was excellent.",
    "Our hiring plan for the platform team is now in the shared drive.",
    "Let's review the Q3 numbers together before the all-hands.",
    "The new badge readers will be installed on floors three and four next week.",
    "Could you send me the latest version of the customer survey results?",
    "We're on track for the release; QA signed off on the regression suite this morning.",
    "Budget approvals for the marketing campaign came through yesterday.",
    "Please update your availability in the calendar for the planning week.",
    "The migration window is Saturday 02:00–04:00 UTC; expect brief downtime.",
    "Attaching the minutes from today's steering committee for your records.",
]
ACCOUNTABILITY = [
    "I skipped the load test before the release; that’s on me.",
    "I made a mistake in the pricing sheet and I’ve already sent a corrected version.",
    "Mistakes were made during the migration, and the vendor missed the cutover.",
    "I'm sorry if anyone was offended by my comments in the meeting.",
    "We dropped the ball on the renewal and will put a tracker in place.",
    "Sorry for the slow turnaround on your request.",
    "The delay was beyond our control; the carrier lost two pallets.",
    "It was only a minor hiccup and affected just a handful of users.",
    "I take full responsibility for the missed deadline and I'll fix the process.",
    "Drinks are on me after the launch on Friday!",
    "So sorry to hear about your father — take all the time you need.",
    "None of this is on me; procurement never signed the order.",
    "Maybe I should have flagged the risk earlier, but the brief was late.",
    "We apologize for any inconvenience this may have caused.",
]
NAMES = ["Alex", "Priya", "Jordan", "Sam", "Dana", "Chen", "Maria", "Tom"]


def message(rng, i):
    paras = []
    for _ in range(rng.randint(1, 4)):
        k = rng.randint(2, 5)
        sents = [rng.choice(ROUTINE) for _ in range(k)]
        if rng.random() < 0.2:
            sents.insert(rng.randrange(len(sents) + 1), rng.choice(ACCOUNTABILITY))
        paras.append(textwrap.fill(" ".join(sents), 72))
    body = f"Hi {rng.choice(NAMES)},\n\n" + "\n\n".join(paras) + f"\n\nBest,\n{rng.choice(NAMES)}"
    return {"id": f"msg-{i:08d}", "from": rng.choice(NAMES).lower() + "@example.com", "text": body}


def main():
    out, mb = sys.argv[1], float(sys.argv[2])
    rng = random.Random(20261127)
    target = int(mb * 1024 * 1024)
    size = 0
    i = 0
    with open(out, "w", encoding="utf-8") as f:
        while size < target:
            line = json.dumps(message(rng, i), ensure_ascii=False) + "\n"
            f.write(line)
            size += len(line.encode("utf-8"))
            i += 1
    print(f"{out}: {i} messages, {size / 1048576:.1f} MB")


if __name__ == "__main__":
    main()
