"""The on-site commands: one door sign, sponsor board, directional sign or notice, made now
as the full build would make it, and sent to a printer if asked."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import BuildError, ContentError, UsageError
from .model import Notice
from .schema import format_time, parse_time


def sign(args) -> None:
    """``ecrprint sign``: one room's door sign for one day; without ``--room``, one topic's
    sponsor boards or one place's directional sign."""
    from datetime import date

    from . import onsite, signs, signs_pdf, words
    from .build import build_one
    from .output import read_manifest
    from .paths import Layout

    if args.room is None:
        _one_other_sign(args)
        return
    if args.date is None:  # not given; an empty --date '' is refused as a day that cannot be read
        args.date = "today"

    empty: list[str] = []  # what to tell staff when the sign they asked for has no sessions

    def one_sign(ctx):
        room = onsite.room_id(ctx.model.rooms, args.room)
        days = sorted(d.date for d in ctx.model.days)
        day = onsite.congress_day(days, args.date, date.today(), onsite.day_names(ctx.words))
        name = next(r.name for r in ctx.model.rooms if r.id == room)
        entries = signs.door_sheets(ctx.model, ctx.words, room, day)  # none for a room without sessions
        if not entries:
            raise UsageError(
                f"{name} has no sessions on any day of {ctx.model.congress.edition}, so it has no door sign"
            )
        if not entries[0]["sessions"]:
            # A wrong day typed in a hurry makes an empty sign: say so before it is hung.
            later, last = entries[0]["next"], entries[0]["last"]
            if later:
                what = f" and names the next one there: {later['code']} on {later['on']} at {later['start']}."
            else:
                what = f" and that the last one there was on {last['on']}." if last else "."
            empty.append(f"ecrprint: note: {name} has no sessions on {day:%a %d %b}; the sign says so{what}")
        return signs_pdf.build_door_signs(ctx, room, day)

    out_dir = (args.out or args.project / "output").resolve()
    previous = read_manifest(out_dir).get("products", [])
    listed = {e["path"] for e in previous}
    # The version of each door sign its day's batch holds (a batch lists them); without a list,
    # the version the last build made.
    held = {e["path"]: e.get("sha256") for e in previous if e["kind"] == "door-sign"}
    for e in previous:
        if e["kind"] == "door-sign-batch" and isinstance(e.get("holds"), dict):
            held.update(e["holds"])
    try:
        report = build_one(args.project, args.out, one_sign, {"door-sign"})
    except ContentError as exc:
        # The content cannot say its language: weekdays and months in every language there are words for.
        names = onsite.day_names(*words.every_language(Layout.for_project(args.project.resolve())))
        last = onsite.last_sign(out_dir, read_manifest(out_dir), args.room, args.date, date.today(), names)
        if last:
            exc.add_note(f"ecrprint: the door sign from the last good build is still there: {last}")
        raise
    # A sign made here is the build's, byte for byte, unless the content changed since.
    changed = [f for f in report.files if held.get(f.path) != f.sha256]
    batches = sorted({f"signs/{f.extra['date']}/door-signs-{f.extra['date']}-all.pdf" for f in changed})
    batches = [b for b in batches if b in listed]
    if batches:
        print(
            f"ecrprint: note: {', '.join(batches)} and the print package still hold the sign from the last build; "
            "`ecrprint build --only door-sign` brings them up to date.",
            file=sys.stderr,
        )
    for line in empty:
        print(line, file=sys.stderr)
    report_and_print(args, [report.out_dir / f.path for f in report.files])


def _one_other_sign(args) -> None:
    """One sponsor board (all the boards of its topic, when it is shared out) or one
    directional sign, rebuilt alone as the full build would make it."""
    from . import onsite, signs_pdf
    from .build import build_one
    from .output import read_manifest

    if args.date is not None:
        raise UsageError("--date goes with --room: sponsor boards and directional signs are the same every day")

    def one(ctx):
        if args.board is not None:
            return signs_pdf.build_sponsor_boards(ctx, onsite.named(ctx.model.topics, args.board, "workshop topic"))
        return signs_pdf.build_directional_signs(ctx, onsite.named(ctx.model.signposts, args.signpost, "sign location"))

    kind = "sponsor-board" if args.board is not None else "directional-sign"
    try:
        report = build_one(args.project, args.out, one, {kind})
    except ContentError as exc:  # as for a door sign: what staff can print while someone mends the content
        out_dir = (args.out or args.project / "output").resolve()
        given = args.board if args.board is not None else args.signpost
        last = onsite.last_other_sign(out_dir, read_manifest(out_dir), kind, given)
        if last:
            exc.add_note(f"ecrprint: the {kind.replace('-', ' ')} from the last good build is still there: {last}")
        raise
    report_and_print(args, [report.out_dir / f.path for f in report.files])


def notice(args) -> None:
    """``ecrprint notice``: a one-page notice for a last-minute change to one session, kept by
    later builds, with a note where the content says otherwise."""
    from . import onsite, signs_pdf
    from .build import build_one
    from .content import load_project
    from .output import read_manifest

    change = _change_asked(args)
    model = load_project(args.project)
    out_dir = (args.out or args.project / "output").resolve()
    args.session = onsite.session_code(model.sessions, args.session)
    room = onsite.room_id(model.rooms, args.moved_to) if args.moved_to is not None else None
    if change == "moved":
        _check_move(model, args.session, room, _made_on_site(model, out_dir))
    asked = [Notice(args.session, change, room)]

    def on_site_notice(ctx):
        if change == "rescheduled":
            asked[0] = _rescheduled(ctx, args, room)
        made = signs_pdf.build_notice(ctx, asked[0])
        made.extra["on_site"] = True  # a later build keeps it (see output.plan_manifest)
        return made

    before = {e.get("path"): e for e in read_manifest(out_dir).get("products", []) if e.get("on_site")}
    report = build_one(args.project, args.out, on_site_notice, {"notice"})
    made = {f.path for f in report.files}
    for f in report.files:
        old = before.get(f.path)
        if old is not None and old.get("room") != f.extra.get("room"):
            print(
                f"ecrprint: note: this notice replaces the one made on site before, which said moved to "
                f"{old.get('room')}.",
                file=sys.stderr,
            )
    earlier = [
        e["path"]
        for e in report.manifest.get("products", [])
        if e.get("on_site") and e.get("session") == args.session and e.get("path") not in made
    ]
    if earlier:
        print(
            f"ecrprint: note: {' and '.join(earlier)}, made on site before for {args.session}, "
            + (
                "stay beside this one; delete them if this notice replaces them."
                if len(earlier) > 1
                else "stays beside this one; delete it if this notice replaces it."
            ),
            file=sys.stderr,
        )
    listed = [n for n in model.notices if n.session == args.session]
    if asked[0] not in listed:
        names = {r.id: r.name for r in model.rooms}
        said = [
            f"{n.change} to {format_time(n.new_start)}"
            if n.new_start is not None
            else f"{n.change} to {names.get(n.moved_to, n.moved_to)}"
            if n.moved_to
            else n.change
            for n in listed
        ]
        if said:
            print(
                f"ecrprint: note: notices.yaml says {args.session} is {' and '.join(said)}, and the door signs say so; "
                "correct notices.yaml and rebuild if this notice is the truth.",
                file=sys.stderr,
            )
        else:
            print(
                "ecrprint: note: door signs show the changes listed in the content's notices; add this one there "
                "and rebuild to show it on them too.",
                file=sys.stderr,
            )
    report_and_print(args, [report.out_dir / f.path for f in report.files])


def _change_asked(args) -> str:
    """The change ``ecrprint notice`` is asked to print, its options checked together: a new
    time (``--at``, with ``--until`` and ``--date``) may come with a new room, not with another
    change."""
    if args.at is None:
        if args.until is not None or args.date is not None:
            raise UsageError("--until and --date give a session's new time: give its new start with --at too")
        if args.moved_to is None and not args.cancelled and not args.full:
            raise UsageError("say what changed: --moved-to ROOM, --cancelled, --full or --at HH:MM (a new time)")
        return "moved" if args.moved_to is not None else "cancelled" if args.cancelled else "full"
    if args.cancelled or args.full:
        raise UsageError(f"--at gives a new time, which a {'cancelled' if args.cancelled else 'full'} session has not")
    return "rescheduled"


def _rescheduled(ctx, args, room: str | None) -> Notice:
    """The notice of the new time that ``--at``, ``--until`` and ``--date`` (read as ``ecrprint
    sign`` reads it) give, refused as notices.yaml would refuse it; an overlap with another
    session in its room then is said, as the check warns of it."""
    from dataclasses import replace
    from datetime import date

    from . import onsite
    from .crosscheck import new_time_problems, slot_overlaps

    times = []
    for option, given in (("--at", args.at), ("--until", args.until)):
        minutes = parse_time(given.strip()) if given is not None else None
        if given is not None and minutes is None:
            raise UsageError(f'{option}: expected a time "HH:MM", got {given!r}')
        times.append(minutes)
    new_date = None
    if args.date is not None:
        days = sorted(d.date for d in ctx.model.days)
        new_date = onsite.congress_day(days, args.date, date.today(), onsite.day_names(ctx.words))
    notice = Notice(args.session, "rescheduled", room, times[0], times[1], new_date)
    session = next(s for s in ctx.model.sessions if s.code == args.session)
    for _, message in new_time_problems(ctx.model, notice, session)[:1]:
        raise UsageError(f"cannot reschedule {args.session}: {message.replace('new_start', '--at')}")
    others = [n for n in ctx.model.notices if not (n.session == args.session and n.change == "rescheduled")]
    for message in slot_overlaps(replace(ctx.model, notices=[*others, notice]), notice)[:1]:
        print(f"ecrprint: warning: {message}; the notice says so all the same", file=sys.stderr)
    return notice


def _made_on_site(model, out_dir: Path) -> dict:
    """The notices made on site before (``ecrprint notice``) that a build keeps, by their
    files' paths, as notices of the content: the manifest names a moved session's new room by
    its name. A notice changed by hand or deleted since, or one about a session or room the
    content no longer has, is left out, as builds leave it out."""
    from .output import as_made, read_manifest

    rooms = {r.name: r.id for r in model.rooms}
    codes = {s.code for s in model.sessions}
    made = {}
    for e in read_manifest(out_dir).get("products", []):
        if not (e.get("on_site") and e.get("kind") == "notice" and e.get("session") in codes):
            continue
        change, moved_to = e.get("change"), rooms.get(e.get("room"))
        if change not in ("moved", "cancelled", "full") or (change == "moved" and moved_to is None):
            continue
        if as_made(out_dir, e):
            made[e["path"]] = Notice(e["session"], change, moved_to if change == "moved" else None)
    return made


def _check_move(model, code: str, room: str, on_site: dict | None = None) -> None:
    """Refuse a move that notices.yaml would refuse: into the session's own room, or into a
    room that is taken then. A move listed in notices.yaml was checked when it was loaded. The
    notices made on site before (``on_site``, by their files' paths) count as if notices.yaml
    listed them: a session moved on site takes its new room, and frees its old one."""
    from dataclasses import replace

    from .crosscheck import move_problems

    if any(n.session == code and n.change == "moved" and n.moved_to == room for n in model.notices):
        return
    session = next(s for s in model.sessions if s.code == code)
    names = {r.id: r.name for r in model.rooms}
    away = [n for n in model.notices if n.session == code and n.change == "moved"]
    if room == session.room and away:  # back to where the timetable has it
        raise BuildError(
            f"cannot move {code} to {names[room]}: that is its room in the timetable, and notices.yaml moves it to "
            f"{names.get(away[0].moved_to, away[0].moved_to)}; to move it back, take that notice out of "
            "notices.yaml and rebuild, so that the door signs say so too"
        )
    extra = {path: n for path, n in (on_site or {}).items() if n.session != code and n not in model.notices}
    notices = model.notices + list(extra.values())
    problems = move_problems(replace(model, notices=notices), session, room, notices, lambda room: names[room])
    if problems:
        hint = ""
        if "taken" in problems[0]:
            hint = "; if that session no longer takes place there, list it in notices.yaml as moved or cancelled"
            moved_in = [p for p, n in extra.items() if n.moved_to == room and f" by {n.session} (" in problems[0]]
            if moved_in:
                hint = (
                    f"; it was moved there on site ({moved_in[0]}): if that is no longer true, delete that file "
                    "and make this notice again"
                )
        # The content says otherwise: an error of the content's kind (exit 1), not of usage.
        raise BuildError(f"cannot move {code} to {names[room]}: {problems[0]}{hint}")


def report_and_print(args, paths: list[Path]) -> None:
    """Print the files' paths (the files are written); send them to a printer if asked."""
    for path in paths:
        print(path, flush=True)
    if args.send_to_printer or args.printer:
        from .office_print import send

        for line in send(paths, args.printer):
            print(line or "sent to the printer")
