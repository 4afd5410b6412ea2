"""`main.py classroom`: host a lesson — the web server for the teams' devices and the facilitator, and the projector window.

Prints the address to open (the machine's LAN addresses with --host 0.0.0.0; a warning when it
listens on this computer only), one code per team and the facilitator's, and the QR code of the
address. Without --headless the server runs in a thread and the projector window in the main thread.
"""

from __future__ import annotations

import argparse
import secrets
import socket
import struct
import sys
from pathlib import Path

import platformdirs

from game.ai import UnknownBotError, check_seat
from game.classroom import qr
from game.classroom.codes import FACILITATOR
from game.classroom.room import Room, RoomError
from game.i18n import _
from game.i18n.content import name
from game.rules.problems import ContentError
from game.scenarios import UnknownScenarioError, load_rules
from game.session.saves import SaveError
from game.session.words import faction_name

LOCAL = ("127.0.0.1", "localhost", "::1")


def default_autosave() -> Path:
    return Path(platformdirs.user_data_dir("pacific-trilemma")) / "classroom" / "autosave.json"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--scenario", default=None, help=_("scenario id or path (see `python main.py scenarios`)"))
    parser.add_argument("--seed", type=int, default=None, help=_("random seed (default: a fresh one, kept secret)"))
    parser.add_argument("--port", type=int, default=8000, help=_("port to listen on (default 8000)"))
    parser.add_argument("--host", default="127.0.0.1",
                        help=_("address to listen on: 0.0.0.0 lets the class's devices join over the school network "
                             "(default 127.0.0.1: this computer only)"))
    parser.add_argument("--headless", action="store_true", help=_("run the server without the projector window"))
    parser.add_argument("--codes", type=Path, metavar="FILE",
                        help=_('write the codes as JSON {"us": ..., "jp": ..., "cn": ..., "facilitator": ...}'))
    parser.add_argument("--resume", action="store_true", help=_("restore the last classroom game from its autosave, "
                        "with the same codes"))
    parser.add_argument("--autosave", type=Path, metavar="PATH", default=None,
                        help=_("the classroom autosave (default {file})", file=default_autosave()))
    parser.add_argument("--bot", default="greedy", metavar="SPEC",
                        help=_("the bot that takes every seat no team holds (default greedy)"))


def _interface_addresses() -> list[str]:
    """Each network interface's IPv4 address, asked of the kernel (Linux; [] elsewhere). Sends nothing."""
    try:
        import fcntl
        names = [name for _, name in socket.if_nameindex()]
    except (ImportError, OSError, AttributeError):
        return []
    found = []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        for name in names:
            try:
                packed = fcntl.ioctl(probe.fileno(), 0x8915, struct.pack("256s", name.encode()[:15]))  # SIOCGIFADDR
            except OSError:
                continue  # no IPv4 address on this interface
            found.append(socket.inet_ntoa(packed[20:24]))
    return found


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback: its interfaces', then its name's (no network traffic)."""
    candidates = _interface_addresses()
    try:
        candidates += [info[4][0] for info in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
    except OSError:
        pass
    found = []
    for address in candidates:
        if not address.startswith("127.") and address not in found:
            found.append(address)
    return found


def addresses(host: str, port: int) -> list[str]:
    """The join addresses to print: the LAN addresses for 0.0.0.0 (or this computer's if it has none), else host."""
    if host in ("0.0.0.0", "::", ""):
        hosts = lan_addresses() or ["127.0.0.1"]
    else:
        hosts = [host]
    return [f"http://{f'[{h}]' if ':' in h else h}:{port}/" for h in hosts]


def make_room(args: argparse.Namespace, join_url: str, autosave: Path) -> Room:
    if args.resume:
        if not autosave.is_file():
            raise RoomError(_("no classroom autosave at {file} to resume", file=autosave))
        room = Room.load(autosave, join_url=join_url, autosave=autosave)
        if args.scenario and args.scenario not in (room.rules.id, str(room.rules.scenario_path)):
            raise RoomError(_("the autosave at {file} is a game of {scenario}, not {asked}", file=autosave,
                                scenario=room.rules.id, asked=args.scenario))
        return room
    if not args.scenario:
        raise RoomError(_("give --scenario ID (see `python main.py scenarios`) or --resume"))
    seed = secrets.randbits(62) if args.seed is None else args.seed
    return Room(load_rules(args.scenario), seed, join_url=join_url, bot=args.bot, autosave=autosave)


def print_welcome(room: Room, urls: list[str], host: str, out) -> None:
    fields = dict(title=name(room.rules, room.rules.id, "title"), id=room.rules.id, n=room.rules.n_turns)
    print(_("Classroom: {title} ({id}), {n} turns, resumed in the {phase} phase at turn {turn}", phase=room.phase,
            turn=room.game.turn, **fields) if room.phase != "lobby" else _("Classroom: {title} ({id}), {n} turns",
                                                                           **fields), file=out)
    if host in LOCAL:
        print(_("Listening on this computer only ({host}): other devices cannot join. "
                "To let the class join over the school network, run with --host 0.0.0.0", host=host), file=out)
    print(_("Teams open: {addresses}", addresses=_("  or  ").join(urls)), file=out)
    print(_("Projector in a browser: {address}public", address=urls[0]), file=out)
    names = {f.id: faction_name(room.rules, f.id) for f in room.rules.factions}
    facilitator = _("Facilitator")
    width = max(len(n) for n in [*names.values(), facilitator])
    for faction in room.rules.factions:
        print(_("  {name}  code {code}", name=names[faction.id].ljust(width), code=room.codes.by_role[faction.id]),
              file=out)
    print(_("  {name}  code {code}  (console: {address}console/{code})", name=facilitator.ljust(width),
            code=room.codes.by_role[FACILITATOR], address=urls[0]), file=out)
    print(qr.terminal(urls[0]), file=out, end="")
    print(_("Autosave: {file}   (stop with Ctrl-C; `classroom --resume` carries on)", file=room.autosave), file=out,
          flush=True)


def run(args: argparse.Namespace, out=None) -> int:
    """Host a lesson; returns the exit status (0 stopped, 2 bad request or port in use)."""
    from game.classroom.server import PortInUse, bind, make_app, make_server, serve_in_thread

    out = sys.stdout if out is None else out
    err = sys.stderr
    autosave = args.autosave or default_autosave()
    try:
        if args.bot != "human":
            check_seat(args.bot, None)
        sock = bind(args.host, args.port)
    except PortInUse as exc:
        print(_("classroom: {reason}", reason=exc), file=err)
        return 2
    except (UnknownBotError, OSError) as exc:
        print(_("classroom: {reason}", reason=exc), file=err)
        return 2
    urls = addresses(args.host, sock.getsockname()[1])
    try:
        room = make_room(args, urls[0], autosave)
        room.save()  # a restart before anything happens still finds the same codes
        if args.codes:
            room.codes.write(args.codes)
    except (RoomError, SaveError, UnknownScenarioError, UnknownBotError, ContentError, ValueError, OSError) as exc:
        sock.close()
        print(_("classroom: {reason}", reason=exc), file=err)
        return 2
    room.team_state(room.factions[0])  # compile the rules' kernels before the first device asks
    print_welcome(room, urls, args.host, out)
    app = make_app(room)
    if args.headless:
        try:
            make_server(app, sock).run(sockets=[sock])  # Ctrl-C: uvicorn closes every connection first
        except KeyboardInterrupt:  # uvicorn raises the signal again once it has stopped
            pass
        print(_("Classroom stopped; saved in {file}", file=room.autosave), file=out)
        return 0
    server, thread = serve_in_thread(app, sock)
    try:
        from game.ui.scenes.projector import run_projector
    except ImportError as exc:
        print(_("classroom: the projector window is not available ({reason}); serving without it — "
                "open the public page in a browser, stop with Ctrl-C", reason=exc), file=err)
        try:
            thread.join()
        except KeyboardInterrupt:
            pass
        server.should_exit = True
        thread.join(5)
        return 0
    try:
        return run_projector(room, urls[0], lang=getattr(args, "lang", None))
    except KeyboardInterrupt:  # Ctrl-C in the terminal stops the window and the server alike
        return 0
    finally:
        server.should_exit = True
        thread.join(5)
