"""Pacific Trilemma: `python main.py` opens the game; `python main.py --help` lists the commands."""

import sys

if __name__ == "__main__":
    try:
        from game.cli.commands import main
    except KeyboardInterrupt:  # Ctrl-C while the game's modules load: one line, like any command's
        print("\nmain.py: stopped (Ctrl-C)", file=sys.stderr)
        sys.exit(130)
    sys.exit(main())
