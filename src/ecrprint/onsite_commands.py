"""The on-site commands: one door sign, sponsor board, directional sign or notice, made now
as the full build would make it, and sent to a printer if asked."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import BuildError, ContentError, UsageError, error_lines
from .model import Notice
from .schema import parse_time


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
        _last_good_instead(args, exc, "door sign", last)
        return
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
    report_and_print(args, [report.out_dir / f.path for f in report.files], _against_before(report))


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
        _last_good_instead(args, exc, kind.replace("-", " "), last)
        return
    report_and_print(args, [report.out_dir / f.path for f in report.files], _against_before(report))


def _last_good_instead(args, exc: ContentError, what: str, last: list[Path]) -> None:
    """A sign that the content's problems (``exc``) keep from being made: raise them, naming
    the ``last`` good build's file of it, if there is one. Asked to print, print that one
    instead, after the problems and a line that says it shows none of the changes since: staff
    at the printer need a sign now, and the content is someone else's to mend."""
    if not last:
        raise exc
    listed = " and ".join(map(str, last))
    if not (args.send_to_printer or args.printer):
        exc.add_note(f"ecrprint: the {what} from the last good build is still there: {listed}")
        raise exc
    for line in error_lines(exc, args.project):
        print(line, file=sys.stderr)
    print(
        f"ecrprint: printing the {what} from the last good build instead; it shows none of the changes made since: "
        f"{listed}",
        file=sys.stderr,
    )
    report_and_print(args, last)


def notice(args) -> None:
    """``ecrprint notice``: a one-page notice for a last-minute change to one session, kept by
    later builds, with a note where the content says otherwise."""
    from . import onsite, signs_pdf
    from .as_printed import said_time
    from .build import build_one
    from .content import load_project
    from .output import read_manifest

    if any(given is not None for given in (args.title, args.text, args.room, args.link)):
        _news(args)
        return
    if args.session is None:
        raise UsageError("give --session CODE and what changed, or --title (and --text) for news of its own")
    change = _change_asked(args)
    model = load_project(args.project)
    out_dir = (args.out or args.project / "output").resolve()
    args.session = onsite.session_code(model.sessions, args.session)
    room = onsite.room_id(model.rooms, args.moved_to) if args.moved_to is not None else None
    on_site = _made_on_site(model, out_dir)
    if change == "moved":
        _check_move(model, args.session, room, on_site)
    asked = [Notice(args.session, change, room)]

    def on_site_notice(ctx):
        if change == "rescheduled":
            asked[0] = _rescheduled(ctx, args, room, on_site)
        made = signs_pdf.build_notice(ctx, asked[0])
        made.extra["on_site"] = True  # a later build keeps it (see output.plan_manifest)
        return made

    before = {e.get("path"): e for e in read_manifest(out_dir).get("products", []) if e.get("on_site")}
    report = build_one(args.project, args.out, on_site_notice, {"notice"})
    made = {f.path for f in report.files}
    for f in report.files:
        old = before.get(f.path)
        if old is not None and _what_it_said(old) != _what_it_said(f.extra):
            print(
                f"ecrprint: note: this notice replaces the one made on site before, which said {_what_it_said(old)}.",
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
            f"{n.change} to {said_time(n.new_start)}"
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
    report_and_print(args, [report.out_dir / f.path for f in report.files], _against_before(report))


def _what_it_said(entry: dict) -> str:
    """What a session's notice says, from its manifest entry: a moved one its new room, a
    rescheduled one its new time, day and room."""
    change, room = entry.get("change"), entry.get("room")
    if change == "rescheduled":
        return f"rescheduled to {entry.get('start')}–{entry.get('end')} on {entry.get('date')} in {room}"
    return f"moved to {room}" if change == "moved" else str(change)


# The options of a session's change, which news of its own (--title) does not take.
_SESSION_CHANGE_OPTIONS = ("session", "moved_to", "cancelled", "full", "at", "until")


def _news(args) -> None:
    """``ecrprint notice --title``: a notice of news of its own, refused as notices.yaml would
    refuse it (the option named), and kept by later builds as any notice made on site."""
    from . import signs_pdf
    from .build import build_one

    if args.title is None and args.session is not None:
        option = next(option for option in ("room", "text", "link") if getattr(args, option) is not None)
        instead = ": its new room is --moved-to" if option == "room" else ""
        raise UsageError(f"--{option} is for news of its own (--title), not for a session's change{instead}")
    if args.title is None:
        raise UsageError("--text, --room and --link go with --title: give the notice its title")
    for option in _SESSION_CHANGE_OPTIONS:
        if getattr(args, option):
            raise UsageError(
                f"--{option.replace('_', '-')} is for a session's change, not for news of its own (--title)"
            )

    def on_site_news(ctx):
        made = signs_pdf.build_notice(ctx, _news_asked(ctx, args))
        made.extra["on_site"] = True  # a later build keeps it (see output.plan_manifest)
        return made

    report = build_one(args.project, args.out, on_site_news, {"notice"})
    report_and_print(args, [report.out_dir / f.path for f in report.files], _against_before(report))


def _news_asked(ctx, args) -> Notice:
    """The notice of news of its own that ``--title``, ``--text``, ``--date`` (read as ``ecrprint
    sign`` reads it), ``--room`` and ``--link`` give, checked as notices.yaml's are."""
    from datetime import date

    from . import onsite
    from .address_checks import LOCAL_ADDRESS
    from .news_checks import news_problems
    from .schema import is_http_url
    from .urls import local_address

    day = None
    if args.date is not None:
        days = sorted(d.date for d in ctx.model.days)
        day = onsite.congress_day(days, args.date, date.today(), onsite.day_names(ctx.words))
    room = onsite.room_id(ctx.model.rooms, args.room) if args.room is not None else None
    link = args.link.strip() if args.link is not None else None
    if link is not None and not is_http_url(link):
        raise UsageError(f"--link: {link!r} is not an http(s) address")
    if link is not None and local_address(link):
        print(f"ecrprint: warning: --link: {link} {LOCAL_ADDRESS}; the notice has it all the same", file=sys.stderr)
    text = args.text.replace("\r\n", "\n").strip() if args.text is not None else None
    notice = Notice(title=" ".join(args.title.split()), text=text or None, date=day, room=room, link=link)
    for key, message in news_problems(ctx.model, notice)[:1]:
        raise UsageError(f"--{key}: {message}")
    _printable(ctx, {"--title": notice.title, "--text": notice.text})
    return notice


def _printable(ctx, typed: dict[str, str | None]) -> None:
    """Refuse text typed on site with a character none of the project's fonts has (an emoji):
    it would print as an empty box, and the content check would refuse it too."""
    from .fontcoverage import check_text, covered, declared_fonts
    from .yamlsource import Mark

    points = covered(declared_fonts(ctx.layout))
    roots = [(option, value, Mark(option, 1, 1)) for option, value in typed.items() if value]
    for problem in check_text(roots, points)[:1]:
        raise UsageError(f"{problem.field}: {problem.message}")


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


def _rescheduled(ctx, args, room: str | None, on_site: dict | None = None) -> Notice:
    """The notice of the new time that ``--at``, ``--until`` and ``--date`` (read as ``ecrprint
    sign`` reads it) give, refused as notices.yaml would refuse it; an overlap with another
    session in its room then, where notices.yaml and the notices made on site before
    (``on_site``, by their files' paths) put it, is said, as the check warns of it."""
    from dataclasses import replace
    from datetime import date

    from . import onsite
    from .notice_checks import new_time_problems, slot_overlaps
    from .people import new_time_clashes

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
    notices = ctx.model.notices + list(_others_made_on_site(ctx.model, args.session, on_site or {}).values())
    others = [n for n in notices if not (n.session == args.session and n.change == "rescheduled")]
    now = replace(ctx.model, notices=[*others, notice])
    for message in slot_overlaps(now, notice)[:1] + new_time_clashes(now, args.session):
        print(f"ecrprint: warning: {message}; the notice says so all the same", file=sys.stderr)
    return notice


def _made_on_site(model, out_dir: Path) -> dict:
    """The notices made on site before (``ecrprint notice``) that a build keeps, by their
    files' paths, as notices of the content: the manifest names a moved or rescheduled
    session's room by its name, and a rescheduled one's new day and time. A notice changed by
    hand or deleted since, or one about a session or room the content no longer has, is left
    out, as builds leave it out."""
    from .output import as_made, read_manifest

    rooms = {r.name: r.id for r in model.rooms}
    codes = {s.code for s in model.sessions}
    made = {}
    for e in read_manifest(out_dir).get("products", []):
        if not (e.get("on_site") and e.get("kind") == "notice" and e.get("session") in codes):
            continue
        change, moved_to = e.get("change"), rooms.get(e.get("room"))
        if change == "rescheduled":
            notice = _rescheduled_as_made(e, moved_to)
        elif change in ("cancelled", "full") or (change == "moved" and moved_to is not None):
            notice = Notice(e["session"], change, moved_to if change == "moved" else None)
        else:
            notice = None
        if notice is not None and as_made(out_dir, e):
            made[e["path"]] = notice
    return made


def _rescheduled_as_made(entry: dict, room: str | None) -> Notice | None:
    """The notice of a new time made on site, from its manifest entry (its day, its start and
    end as the content writes them, past 24:00 after midnight, its room's name); None if the
    entry does not say them."""
    from datetime import date

    start, end = parse_time(entry.get("start")), parse_time(entry.get("end"))
    try:
        day = date.fromisoformat(entry.get("date"))
    except (TypeError, ValueError):
        return None
    if start is None or end is None or room is None:
        return None
    if end <= start:  # a manifest written before said an end past midnight as the clock shows it
        end += 24 * 60
    return Notice(entry["session"], "rescheduled", room, new_start=start, new_end=end, new_date=day)


def _others_made_on_site(model, code: str, on_site: dict) -> dict:
    """The notices made on site (by their files' paths) that count beside notices.yaml's for
    a change to session ``code``: those of other sessions, less those whose files a build
    replaces with notices.yaml's notice of the same change."""
    listed = {(n.session, n.change) for n in model.notices}
    return {path: n for path, n in on_site.items() if n.session != code and (n.session, n.change) not in listed}


def _check_move(model, code: str, room: str, on_site: dict | None = None) -> None:
    """Refuse a move that notices.yaml would refuse: into the session's own room, or into a
    room that is taken then. A move listed in notices.yaml was checked when it was loaded. The
    notices made on site before (``on_site``, by their files' paths) count as if notices.yaml
    listed them: a session moved or rescheduled on site takes its new room (and time), and
    frees its old one."""
    from dataclasses import replace

    from .notice_checks import move_problems

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
    extra = _others_made_on_site(model, code, on_site or {})
    notices = model.notices + list(extra.values())
    problems = move_problems(replace(model, notices=notices), session, room, notices)
    if problems:
        hint = ""
        if "taken" in problems[0]:
            hint = "; if that session no longer takes place there, list it in notices.yaml as moved or cancelled"
            moved_in = [(p, n) for p, n in extra.items() if n.moved_to == room and f" by {n.session} (" in problems[0]]
            if moved_in:
                path, how = moved_in[0]
                hint = (
                    f"; it was {how.change} there on site ({path}): if that is no longer true, delete that file "
                    "and make this notice again"
                )
        # The content says otherwise: an error of the content's kind (exit 1), not of usage.
        raise BuildError(f"cannot move {code} to {names[room]}: {problems[0]}{hint}")


# What a file made on site is, against the one its path held before: for one file, and as a
# heading for several.
_AGAINST_BEFORE = {
    "new": ("new: there was no such file before.", "new"),
    "changed": ("changed since the file there before: print it again.", "changed, to print again"),
    "same": ("the same as the file there before: copies printed from it are still right.", "the same as before"),
}


def _against_before(report) -> str | None:
    """One line for staff: whether the file made is new, changed since the one there before (the
    copies hung up are out of date) or the same, as the manifest read before it was written
    lists that one; for several (a topic's boards), which is which, by name."""
    sums = {e.get("path"): e.get("sha256") for e in report.before or []}
    states: dict[str, list[str]] = {}
    for f in report.files:
        state = "new" if f.path not in sums else "same" if sums[f.path] == f.sha256 else "changed"
        states.setdefault(state, []).append(Path(f.path).name)
    if not states:
        return None
    if len(report.files) == 1:
        return f"ecrprint: {_AGAINST_BEFORE[state][0]}"
    said = [
        f"{heading}: {', '.join(states[state])}" for state, (_, heading) in _AGAINST_BEFORE.items() if state in states
    ]
    return f"ecrprint: {'; '.join(said)}."


def report_and_print(args, paths: list[Path], said: str | None = None) -> None:
    """Print the files' paths (the files are written) and, on stderr, what they are against the
    files there before (``said``); send them to a printer if asked."""
    for path in paths:
        print(path, flush=True)
    if said:
        print(said, file=sys.stderr, flush=True)
    if args.send_to_printer or args.printer:
        from .office_print import send

        for line in send(paths, args.printer):
            print(line or "sent to the printer")
