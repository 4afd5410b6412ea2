"""The stated limits on content and scenario files, each far above what the shipped content needs.

Every limit is refused with a message naming the file, the item or field and the limit; docs/limits.md
lists them for authors (tests/fuzz/test_content_limits.py checks that page against these numbers).
The figures in the comments are the largest the shipped content uses.
"""

from __future__ import annotations

MIB = 1024 * 1024

# ---- files (game.rules.files) ------------------------------------------------------------------
FILE_BYTES = 1 * MIB  # one content or scenario file (shipped: 20 KB)
PACK_FILES = 200  # YAML files in one pack (shipped: 11)
PACK_BYTES = 8 * MIB  # all the files of one pack together (shipped: 164 KB)
PACK_CHAIN = 8  # packs in a chain of `extends:` (a pack, its parent, …; shipped: 1)
YAML_DEPTH = 32  # nesting of mappings and lists, block or flow (shipped: 6)
YAML_NODES = 100_000  # values in one file, counting each use of an alias in full (shipped: 1,000)
# a folder given to `validate` (game.rules.files.files_to_check): searched this far, else not a pack or scenario folder
FOLDER_DEPTH = 8  # levels of folders below it (shipped: 2)
FOLDER_ENTRIES = 10_000  # files and folders looked at while searching it (shipped: 30)
FOLDER_FILES = 1_000  # YAML files found in it (shipped: 14)

# ---- items (schema list lengths; per pack in game.rules.files) ----------------------------------
ITEMS = {
    "factions": 12,  # shipped: 3
    "tracks": 1_000,  # 35
    "channels": 40,  # 4; every contested region gets every channel, for every faction
    "regions": 200,  # 15
    "institutions": 200,  # 11
    "moves": 1_000,  # 58
    "events": 1_000,  # 23
    "rules": 1_000,  # 27
    "doctrines": 200,  # 6
    # a scenario's own lists and tables
    "injects": 100,  # 3
    "disable": 2_000,  # 58
    "start": 2_000,  # 20
    "schedule": 1_000,  # 4
    "seats": 12,  # 3
    "scoring": 12,  # 3
}
LIST_ITEMS = 200  # any other list inside an item: effects, sources, options, turns, scoring terms (shipped: 9)
TRACKS = 20_000  # tracks of a compiled scenario, with those made for regions and institutions (shipped: 217)

# ---- text --------------------------------------------------------------------------------------
ID_CHARS = 80  # an id (shipped: 30)
NAME_CHARS = 200  # a name, title, adjective, a track reference or a content folder (shipped: 77)
TEXT_CHARS = 5_000  # a text, description, note or reason (shipped: 525)

# ---- expressions (game.rules.expressions) --------------------------------------------------------
EXPR_CHARS = 400  # an expression as written (shipped: 194)
EXPR_DIGITS = 30  # digits in one number of an expression (shipped: 5)
EXPR_DEPTH = 64  # nesting of operators, calls and parentheses (shipped: 13)

# ---- references from the command line --------------------------------------------------------------
REF_CHARS = 1_024  # a scenario id or path as given to --scenario
