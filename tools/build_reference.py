"""Write the authors' reference pages from the code itself, so they cannot go stale.

    python tools/build_reference.py            # write docs/content-reference.md, concepts.md, testing-kit.md, limits.md
    python tools/build_reference.py --check    # exit 1 naming each page that differs from what the code gives

- docs/content-reference.md: every item type of a content pack and of a scenario file, read from the pydantic
  models of game/rules/schema.py (each key, its type, required or its default, allowed values, limits from
  game/rules/limits.py, description), a short example taken from the shipped content, the expression language
  from game/rules/expressions.py's own tables, and how schedules, `disable:`, targets, joint moves, `once`,
  `chance`, derived tracks and `end_game` work;
- docs/concepts.md: every concept of the source articles (game/rules/concepts.py) and the content that models it;
- docs/testing-kit.md: every function and method of game/testing.py with its arguments and what it returns;
- docs/limits.md: every limit on content, scenarios, saves and settings, its value read from the constant that
  enforces it (game/rules/limits.py, and the saves', settings' and commands' modules, read without importing them).

`pages()` returns the four texts without writing them (tests/test_reference.py compares them with the files).
"""

from __future__ import annotations

import argparse
import ast
import inspect
import sys
import types
import typing
from pathlib import Path

import annotated_types
import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.rules import expressions, limits, schema  # noqa: E402
from game.rules.concepts import ARTICLES, CONCEPTS  # noqa: E402

REFERENCE = ROOT / "docs" / "content-reference.md"
CONCEPTS_PAGE = ROOT / "docs" / "concepts.md"
KIT_PAGE = ROOT / "docs" / "testing-kit.md"
LIMITS_PAGE = ROOT / "docs" / "limits.md"
COMMAND = "python tools/build_reference.py"
BASE = ROOT / "game" / "rules" / "content" / "base"
EXAMPLE_SCENARIO = ROOT / "game" / "scenarios" / "tutorial.yaml"

# What a key means when its model gives no description: the keys every item type shares, then a few by model.
COMMON = {
    "id": "unique lowercase dotted id (`jp.stability`, `us.press_defense`)",
    "name": "the name players read",
    "text": "a description for players, shown with the item",
    "sources": "the concepts of the source articles the item models (docs/concepts.md)",
    "effects": "what happens, in order: each effect adds to a track, sets it, or ends the game",
    "when": "a condition (an expression): the item or effect acts only while it holds",
    "chance": "the probability the effect happens (each time, rolled from the game's seed)",
    "note": "a note for the turn report's explanation of the effect",
}
BY_MODEL = {
    "Track.min": "lowest value (the rules hold the track within [min, max])",
    "Track.max": "highest value",
    "Track.start": "value at the start of a game (a scenario's `start:` can change it)",
    "Track.public": "every faction sees it (false: only shown to the faction whose id it starts with)",
    "Region.kind": "a country, a group of countries, a sea zone (which gets a tension track) or off the map",
    "Region.contested": "factions compete for influence here: it gets channel and influence tracks",
    "Region.channel_weights": "channel -> weight in the region's influence (default 1)",
    "Region.soft_power_weight": "weight of each faction's soft power in the region's influence",
    "Institution.strength": "start of `<id>.strength`",
    "Institution.members": "factions that start as members (`<id>.member.<faction>` is 1)",
    "Institution.others": "other members, in words",
    "AddEffect.add": "the amount added: a number or an expression",
    "SetEffect.track": "track id; `{target}` is replaced by the order's target",
    "SetEffect.set": "the new value: a number or an expression",
    "EndGameEffect.end_game": "`war`: the game ends at once and every faction loses",
    "Cost.ap": "action points",
    "Cost.budget": "taken from the faction's budget track",
    "Target.kind": "what the options name",
    "Target.options": "the ids the move may be ordered at",
    "Move.category": "the kind of move, for the order screen's grouping and the bots' doctrines",
    "Move.cost": "what each partner pays when ordering it (even if a joint move fails)",
    "Move.target": "the targets it is ordered at; none: the move has no target",
    "Move.requires": "a condition that must hold for the move to be ordered",
    "Move.requires_text": "why the move is unavailable, in words, when `requires` does not hold",
    "Event.kind": "how it comes into play (see Events below)",
    "Event.turns": "scheduled events: the turns it happens on (a scenario's `schedule:` replaces them)",
    "Event.weight": "drawn events: the chance of being drawn, relative to the others (a number or an expression)",
    "Event.when": "drawn events: drawn only while it holds; triggered events: the threshold that fires it",
    "Event.once": "fires at most once a game",
    "Inject.kind": "always `inject` (the default)",
    "ScoreTerm.name": "the term in words, shown with the score",
    "ScoreTerm.expr": "the term's value (an expression over the final state)",
    "ScoreTerm.weight": "points per unit of the value",
    "Scenario.title": "the title shown on the setup screen",
    "Scenario.description": "a paragraph for the setup screen",
    "Scenario.turns": "the game's length in turns",
    "Scenario.start_year": "the year of turn 1",
    "Scenario.turn_length": "how long a turn is (labels turns `2025 H1`, `2025`, `2025 Q1`)",
    "Scenario.seats": "faction -> default seat (`human` or a bot: random, greedy, doctrine[:NAME], search[:LEVEL])",
    "Scenario.scoring": "faction -> its scoring terms (every faction needs at least one)",
    "Doctrine.faction": "the faction it plays",
    "Doctrine.weights": "move (or `move@target`) -> weight",
    "Doctrine.otherwise": "weight of a move it does not list",
    "Doctrine.rules": "rules that shift the weights while their condition holds",
    "DoctrineRule.moves": "moves (or `move@target`) whose weight it shifts",
    "DoctrineRule.add": "added to each listed move's weight while `when` holds",
    "Announcement.kind": "a change of government gets a banner; a milestone a headline",
}
# shipped items shown as examples (the shortest item of the list when an id is gone)
EXAMPLES = {
    "factions": ["jp"], "tracks": ["jp.opposition_led", "us.influence"], "channels": ["trade"],
    "regions": ["vietnam", "taiwan_strait"], "institutions": ["cptpp"],
    "moves": ["us.press_defense", "joint.trusted_partners"], "events": ["ev.defense_backlash", "ev.senkaku_incident"],
    "rules": ["rule.friction_drift"], "doctrines": ["cn.charm_offensive"],
}
FUNCTION_HELP = {
    "min": ("min(a, b, …)", "the smallest of two or more values"),
    "max": ("max(a, b, …)", "the largest of two or more values"),
    "abs": ("abs(x)", "the absolute value"),
    "clamp": ("clamp(x, low, high)", "x held within [low, high]"),
    "played": ("played(faction, move_id)", "1 if the faction ordered that move this turn, else 0 (0 for a move "
               "the scenario leaves out)"),
    "start": ("start(x)", "the value of x on the first turn's state (start values, derived tracks computed, nothing "
              "played); not nested, not in a derived track's formula"),
}
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">",
           ast.GtE: ">=", ast.Eq: "==", ast.NotEq: "!="}


# ---- types ------------------------------------------------------------------------------------------------------


def _split(annotation) -> tuple[object, list]:
    """An annotation without its Annotated[...] wrappers, and the constraints those carried."""
    meta: list = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation = args[0]
        for m in args[1:]:
            meta += m.metadata if isinstance(m, FieldInfo) else [m]
    return annotation, meta


def _limits(meta: list, text: bool) -> list[str]:
    out = []
    for m in meta:
        if isinstance(m, annotated_types.Ge):
            out.append(f"≥ {m.ge:g}")
        elif isinstance(m, annotated_types.Gt):
            out.append(f"> {m.gt:g}")
        elif isinstance(m, annotated_types.Le):
            out.append(f"≤ {m.le:g}")
        elif isinstance(m, annotated_types.Lt):
            out.append(f"< {m.lt:g}")
        elif isinstance(m, annotated_types.MinLen) and m.min_length:
            out.append(f"at least {m.min_length:,} {'character' if text else 'item'}{'s' if m.min_length > 1 else ''}")
        elif isinstance(m, annotated_types.MaxLen):
            out.append(f"at most {m.max_length:,} {'characters' if text else 'items'}")
    return out


def type_text(annotation, meta: list | None = None) -> str:
    """A type in an author's words: `id`, `number ≥ 0`, `list of effect`, `one of `a`, `b``…"""
    annotation, inner = _split(annotation)
    meta = (meta or []) + inner
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        models = [_split(a)[0] for a in options]
        if all(isinstance(m, type) and issubclass(m, schema._EffectBase) for m in models):
            return "effect (" + ", ".join(f"[{m.__name__}](#{m.__name__.lower()})" for m in models) + ")"
        return " or ".join(type_text(a) for a in options) + (_join(_limits(meta, False)))
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {type_text(args[0])}" + _join(_limits(meta, False))
    if origin is dict:
        return f"map of {type_text(args[0])} → {type_text(args[1])}" + _join(_limits(meta, False))
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    if annotation is bool:
        return "true or false"
    if annotation is int:
        return "whole number" + _join(_limits(meta, False))
    if annotation is float:
        return "number" + _join(_limits(meta, False))
    if annotation is str:
        pattern = next((getattr(m, "pattern", None) for m in meta if getattr(m, "pattern", None)), None)
        lengths = _limits(meta, True)
        if pattern == schema.ID_PATTERN:
            return "id" + _join(lengths)
        if pattern and pattern.startswith("^S[02]"):
            return "concept id (`S0-18`, `S2-J6`)"
        if pattern and pattern.startswith("^#"):
            return "colour `#rrggbb`"
        if any(isinstance(m, annotated_types.MaxLen) and m.max_length == limits.EXPR_CHARS for m in meta):
            return f"[expression](#expressions) (at most {limits.EXPR_CHARS} characters)"
        if pattern:
            return f"text matching `{pattern}`"
        return "text" + _join(lengths)
    return getattr(annotation, "__name__", str(annotation))


def _join(parts: list[str]) -> str:
    return f", {', '.join(parts)}" if parts else ""


def default_text(info: FieldInfo) -> str:
    if info.is_required():
        return "**required**"
    if info.default_factory is not None:
        value = info.default_factory()
    else:
        value = info.default
    if isinstance(value, BaseModel):
        value = value.model_dump()
    if value is None:
        return "none"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if value in ([], {}, ""):
        return {list: "`[]`", dict: "`{}`", str: '`""`'}[type(value)]
    if isinstance(value, float):
        return f"`{value:g}`"
    return f"`{value}`" if not isinstance(value, dict) else "`" + ", ".join(f"{k}: {v:g}" for k, v in value.items()) + "`"


def describe(model: type[BaseModel], name: str, info: FieldInfo) -> str:
    return info.description or BY_MODEL.get(f"{model.__name__}.{name}") or COMMON.get(name, "")


def models_in(annotation) -> list[type[BaseModel]]:
    """The content models an annotation refers to, in reading order."""
    annotation, _ = _split(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in models_in(a)]


def model_order() -> list[type[BaseModel]]:
    """Every model of the schema: the pack's item types, the scenario, what they contain, then any other model."""
    order: list[type[BaseModel]] = []

    def visit(model: type[BaseModel]) -> None:
        if model in order:
            return
        order.append(model)
        for info in model.model_fields.values():
            for inner in models_in(info.annotation):
                visit(inner)

    for info in schema.ContentFile.model_fields.values():
        for model in models_in(info.annotation):
            visit(model)
    visit(schema.Scenario)
    for value in vars(schema).values():
        if (isinstance(value, type) and issubclass(value, schema.Model) and value.__module__ == schema.__name__
                and not value.__name__.startswith("_") and value not in (schema.Model, schema.ContentFile)):
            visit(value)
    return order


def model_table(model: type[BaseModel]) -> list[str]:
    lines = ["| key | type | required / default | what it is |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        cell = lambda text: text.replace("|", "\\|").replace("\n", " ")  # noqa: E731
        lines.append(f"| `{name}` | {cell(type_text(info.annotation, list(info.metadata)))} | {default_text(info)} | "
                     f"{cell(describe(model, name, info))} |")
    return lines


# ---- examples -------------------------------------------------------------------------------------------------


def _dump(data) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=None, width=110).rstrip()


def pack_items() -> dict[str, list[dict]]:
    """The shipped base pack's raw items by list (factions, tracks, …), as the YAML files give them."""
    items: dict[str, list[dict]] = {}
    for path in sorted(BASE.rglob("*.yaml")):
        for key, values in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            items.setdefault(key, []).extend(values or [])
    return items


def examples() -> dict[str, list[str]]:
    """Model name -> YAML examples from the shipped content (each one item of that model)."""
    items = pack_items()
    fields = schema.ContentFile.model_fields
    out: dict[str, list[str]] = {}
    for key, values in items.items():
        if key not in fields or not values:
            continue
        model = models_in(fields[key].annotation)[0]
        chosen = [v for v in values if v.get("id") in EXAMPLES.get(key, [])]
        chosen = chosen or [min(values, key=lambda v: len(_dump(v)))]
        out[model.__name__] = [_dump({key: [item]}) for item in chosen]
    raw = yaml.safe_load(EXAMPLE_SCENARIO.read_text(encoding="utf-8"))
    short = {k: raw[k] for k in ("id", "title", "content", "turns", "start_year", "turn_length") if k in raw}
    short["start"] = dict(list(raw.get("start", {}).items())[:3])
    short["schedule"] = raw.get("schedule", {})
    short["disable"] = list(raw.get("disable", []))[:2]
    short["injects"] = list(raw.get("injects", []))[:1]
    short["scoring"] = {f: terms[:1] for f, terms in raw["scoring"].items()}
    out["Scenario"] = [_dump(short)]
    return out


def example_models() -> dict[str, type[BaseModel]]:
    """How an example's YAML is checked: the model that reads a whole file of it."""
    return {m.__name__: (schema.Scenario if m is schema.Scenario else schema.ContentFile) for m in model_order()}


# ---- pages ----------------------------------------------------------------------------------------------------

HEADER = "<!-- generated by {command} from {sources}: edit those, then run it again -->\n\n"

HOW = f"""## How the pieces work

**Files and packs.** A content pack is a folder of YAML files (the shipped one is `game/rules/content/base/`);
each file may hold any of the lists `factions`, `tracks`, `channels`, `regions`, `institutions`, `moves`,
`events`, `rules`, `doctrines`, and the pack is their union. A scenario file (`game/scenarios/*.yaml`) names
its pack with `content:` and adds the game's length, start values, schedule, seats, injects and scoring.
The limits on files, items, text and expressions (and those on saves and settings) are in
[limits.md](limits.md), generated like this page from the constants that enforce them.

**Packs that extend.** A pack folder with a `pack.yaml` that says `extends: base` (or a folder relative to
it, `../korea`) holds only what it changes: an item with a new id is added; an item with the id of one of the
parent's items, of the same kind, replaces it whole (`validate --warnings` names each replacement); the ids
under `remove:` are left out, as `disable:` leaves them out. Chains work (at most 8 packs); the content hash
covers every file of the chain. See [PackFile](#packfile).

**A turn.** The turn's event is revealed (the scheduled event of the turn, else one drawn event); the
factions order moves; then orders resolve together against the start-of-turn state, then the event, then
the rules (every rule whose `when` holds, each turn), then triggered events. After each step tracks are
held within their bounds and derived tracks recomputed.

**Events.** `kind` says how an event comes into play:
- `scheduled`: on the turns in its `turns:` list. A scenario's `schedule:` (event id → turns) *replaces*
  the pack's `turns:` for that event (it does not add to them); only scheduled events can be scheduled,
  and a turn past the scenario's length never comes.
- `drawn`: when no event is scheduled, one drawn event is chosen each turn, with probability proportional
  to its `weight` among those whose `when` holds (a weight of 0 or less is never drawn).
- `triggered`: after the rules, every triggered event whose `when` holds fires (each turn it holds, or
  only the first time with `once: true`).
- `inject`: never by chance; a facilitator brings it in from the classroom console, in place of the turn's
  event. A scenario's own injects are written under `injects:`.

`once: true` makes any event fire at most once a game. `crisis: true` marks a crisis in the sources' sense
(a Taiwan Strait crisis, a fallen government, war): the turn report headlines it as a crisis and the
analysis's crisis rate counts it; it changes no rule. Every other event is reported as an event.

**`disable:`** A scenario's `disable:` lists moves, events or rules of the pack that this scenario leaves
out; `played()` of a left-out move is always 0, and an unknown id is a `validate` problem.

**Targets.** A move with `target:` is ordered at one of its `options`; `kind` is one of
{", ".join(f"`{k}`" for k in typing.get_args(schema.Target.model_fields["kind"].annotation))} (the ids of the
pack's regions, institutions or factions). Each option is an action of its own: `{{target}}` in the move's
effects, `requires` and conditions stands for the chosen option (`track: "{{target}}.us.trade"`), and an
order names it as `move@target`.

**Joint moves.** `faction: [us, jp]` makes a move joint: it works only when every partner orders it the
same turn (at the same target); each partner pays its `cost` either way, and the report names the partner
who did not join. Partners see each other's joint orders, never anyone else's.

**Effects.** Each effect adds to a track (`add:`), sets it (`set:`) or ends the game (`end_game: war`),
one of the three. `when:` makes it conditional; `chance:` (above 0, at most 1) makes it happen with that
probability, rolled from the game's seed so a game replays identically; `sources:` and `note:` explain it.
`end_game: war` ends the game at once: nobody wins, every faction loses.

**Derived tracks.** A track with `derive:` is recomputed from other tracks after every step; effects may
not target it and a scenario may not set its start (set its inputs instead). Every contested region's
influence tracks `<region>.<faction>` are derived from its channels and soft power.

**Categories.** Every move has a `category`, one of
{", ".join(f"`{k}`" for k in typing.get_args(schema.Move.model_fields["category"].annotation))}: the order
screen groups moves by it and the doctrines weigh them.

**Made tracks.** Besides the declared `tracks:`, a sea region gets `<region>.tension`, a contested region
`<region>.<faction>.<channel>` and `<region>.<faction>`, an institution `<id>.strength` and
`<id>.member.<faction>`; region `traits:` are constants usable as `<region>.<trait>`.
"""


def expressions_section() -> list[str]:
    missing = [f for f in expressions.FUNCTIONS if f not in FUNCTION_HELP]
    if missing:
        raise SystemExit(f"build_reference: no description for the expression function(s) {missing}: add them to "
                         "FUNCTION_HELP in tools/build_reference.py")
    arith = " ".join(f"`{SYMBOLS[o]}`" for o in expressions._BINOPS)
    compare = " ".join(f"`{SYMBOLS[o]}`" for o in expressions._CMPOPS)
    lines = ["## Expressions", "",
             "Conditions (`when`, `requires`), amounts (`add`, `set`), event weights, derived tracks and scoring "
             "terms are expressions: parsed into a whitelisted tree and compiled for the engine, never run as "
             "Python (game/rules/expressions.py).", "",
             "- **values**: numbers; track ids (`jp.stability`, `vietnam.cn.trade`); region traits "
             "(`vietnam.china_wariness`); `turn` (1 on the first turn) and `turns` (the game's length); "
             "`true` is 1 and `false` is 0;",
             f"- **arithmetic**: {arith} (dividing by zero gives 0) and unary `-`;",
             f"- **comparisons**: {compare}, which chain (`20 < x < 40`) and give 1 or 0;",
             "- **logic**: `and`, `or`, `not` (1 or 0), and `a if condition else b`;",
             "- **functions**:", ""]
    lines += ["| function | gives |", "|---|---|"]
    lines += [f"| `{FUNCTION_HELP[f][0]}` | {FUNCTION_HELP[f][1]} |" for f in expressions.FUNCTIONS]
    lines += ["", f"Limits: an expression has at most **{limits.EXPR_CHARS} characters**, at most "
              f"{limits.EXPR_DIGITS} digits in one number, at most {limits.EXPR_DEPTH} levels of nesting and "
              f"{expressions.MAX_STACK} stack slots once compiled. Anything else (strings, attributes of "
              "calls, other functions, keyword arguments) is refused by `validate` with the reason.", ""]
    return lines


def content_reference() -> str:
    out = [HEADER.format(command=COMMAND, sources="game/rules/schema.py, game/rules/expressions.py and "
                         "game/rules/limits.py"),
           "# Content reference", "",
           "Every item type of a content pack and of a scenario file: each key, its type, whether it is "
           "required or its default, its allowed values and limits. Unknown keys are errors; numbers must be "
           "finite. `python main.py validate` checks your files against all of this at once.", "",
           HOW, "## Item types", ""]
    shown = examples()
    for model in model_order():
        out += [f"### {model.__name__}", ""]
        doc = inspect.getdoc(model)
        if doc and doc != inspect.getdoc(schema.Model):
            out += [" ".join(doc.split("\n\n")[0].split()), ""]
        lists = [k for k, info in schema.ContentFile.model_fields.items() if model in models_in(info.annotation)]
        if lists:
            out += [f"In a pack file, under `{lists[0]}:`.", ""]
        out += model_table(model) + [""]
        for text in shown.get(model.__name__, []):
            out += [f"<!-- example: {model.__name__} -->", "```yaml", text, "```", ""]
    out += expressions_section()
    return "\n".join(out).rstrip() + "\n"


def concepts_page() -> str:
    from game.cli.concepts import merged_index
    from game.scenarios import list_scenarios

    scenarios = [e.id for e in list_scenarios()]
    index = merged_index(scenarios)
    out = [HEADER.format(command=COMMAND, sources="game/rules/concepts.py and the content's `sources:` lists"),
           "# Source concepts", "",
           "Every concept of the two source articles, with the content that models it in the shipped scenarios "
           f"({', '.join(f'`{s}`' for s in scenarios)}). Content cites a concept by its id in `sources:`; "
           "`python main.py concepts` prints the same for one scenario.", ""]
    for article, title in ARTICLES.items():
        out += [f"## {article}: {title}", "", "| id | concept | modelled by |", "|---|---|---|"]
        for concept, label in CONCEPTS.items():
            if concept.startswith(article + "-"):
                items = ", ".join(f"`{i}`" for i in index[concept]) or "(not modelled)"
                out.append(f"| `{concept}` | {label} | {items} |")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _first_paragraph(obj) -> str:
    doc = inspect.getdoc(obj) or ""
    return " ".join(doc.split("\n\n")[0].split())


def _signature(name: str, obj) -> str:
    sig = inspect.signature(obj)
    params = [p for p in sig.parameters.values() if p.name != "self"]
    shown = sig.replace(parameters=params)
    return f"{name}{str(shown)}".replace("'", "").replace('"', "")  # annotations written as strings, unquoted


def kit_page() -> str:
    import game.testing as kit

    out = [HEADER.format(command=COMMAND, sources="game/testing.py"), "# The rules-testing kit", "",
           "`game.testing` checks a rule in a few lines of pytest. Put tests in a file named `test_*.py` and run "
           "`python -m pytest`.", "", "```python", *inspect.getdoc(kit).split("\n\n")[1].splitlines(), "```", "",
           "## Every function and method", ""]
    for obj in kit.KIT:
        if isinstance(obj, type) and issubclass(obj, Exception):
            out += [f"### `{obj.__name__}` ({', '.join(b.__name__ for b in obj.__bases__)})", "",
                    _first_paragraph(obj), ""]
            continue
        if not isinstance(obj, type):
            out += [f"### `{_signature(obj.__name__, obj)}`", "", " ".join((inspect.getdoc(obj) or "").split()), ""]
            continue
        out += [f"### `{obj.__name__}`", "", _first_paragraph(obj), ""]
        for name, member in vars(obj).items():
            if name.startswith("_"):
                continue
            if isinstance(member, property):
                ret = inspect.signature(member.fget).return_annotation
                out += [f"- `{obj.__name__}.{name}` → `{ret}` (property): {_first_paragraph(member.fget)}"]
            else:
                out += [f"- `{_signature(obj.__name__ + '.' + name, member)}`: {' '.join(inspect.getdoc(member).split())}"]
        out.append("")
    out += ["A refused order in `play` raises the session's `IllegalOrderError` with the reason, and the game "
            "is left as it was.", ""]
    return "\n".join(out).rstrip() + "\n"


# ---- docs/limits.md: the limits' table, from the constants that enforce them ----------------------------------

# (constant, what it bounds, the largest the shipped content or a realistic game uses); the values come from the code
FILE_LIMITS = [
    ("FILE_BYTES", "bytes in one content or scenario file ({mib})", "20 KB"),
    ("PACK_FILES", "YAML files in one pack", "11"),
    ("PACK_BYTES", "bytes of all the files of one pack together ({mib})", "164 KB"),
    ("PACK_CHAIN", "packs in a chain of `extends:` in `pack.yaml` (the pack, its parent, …)", "1"),
    ("YAML_DEPTH", "nesting of mappings and lists, block or flow style", "6"),
    ("YAML_NODES", "values in one file, each use of an alias counted in full", "1,000"),
    ("FOLDER_DEPTH", "levels of folders searched below a folder given to `validate`", "2"),
    ("FOLDER_ENTRIES", "files and folders looked at while searching a folder given to `validate`", "30"),
    ("FOLDER_FILES", "YAML files found in a folder given to `validate`", "14"),
]
PACK_ITEMS = [("factions", "3"), ("tracks", "35"), ("channels", "4"), ("regions", "15"), ("institutions", "11"),
              ("moves", "58"), ("events", "23"), ("rules", "27"), ("doctrines", "6")]
SCENARIO_ITEMS = [("injects", "3"), ("disable", "58"), ("start", "20"), ("schedule", "4"), ("seats", "3"),
                  ("scoring", "3")]
LIST_LIMITS = [
    ("LIST_ITEMS", "any list inside an item: effects, sources, options, turns, members, scoring terms, traits", "18"),
    ("TRACKS", "tracks of a compiled scenario, counting the one per faction and channel of every contested region "
               "and those of institutions", "217"),
]
TEXT_LIMITS = [
    ("ID_CHARS", "characters in an id", "30"),
    ("NAME_CHARS", "a name, title, adjective, an effect's track, a `content:` folder, a seat", "77"),
    ("TEXT_CHARS", "a text, description, note, `requires_text` or a doctrine's `why`", "525"),
    ("REF_CHARS", "a scenario id or path given to `--scenario`", "—"),
]
EXPRESSION_LIMITS = [
    ("EXPR_CHARS", "characters of an expression as written", "194"),
    ("EXPR_DIGITS", "digits in one number (an exponent's digits not counted): `1e308` is fine, a 309-digit integer "
                    "is not", "5"),
    ("EXPR_DEPTH", "nesting of operators, calls and parentheses (a sum of n terms nests n deep)", "13"),
]
# saves, what-if files and settings: (module file, constant, what it bounds, the largest a realistic file has)
SAVE_LIMITS = [
    ("game/session/saves.py", "MAX_SAVE_BYTES", "bytes in one save file", "2 MB"),
    ("game/session/saves.py", "MAX_DEPTH", "nesting of JSON lists and objects in a save or settings file", "5"),
    ("game/session/saves.py", "MAX_DIGITS", "digits in one JSON number of a save or settings file", "19"),
    ("game/session/saves.py", "ORDER_CHARS", "characters in one saved order (`move@target`)", "—"),
    ("game/session/saves.py", "NAME_CHARS", "characters in the saved scenario id, a faction id or a seat", "—"),
    ("game/session/saves.py", "PROVENANCE_CHARS", "characters of a game's provenance (a branch of a branch names "
                                                  "both)", "—"),
    ("game/session/saves.py", "PATH_CHARS", "characters in the path of the scenario file a save names", "—"),
    ("game/session/saves.py", "SCENARIO_BYTES", "bytes of the scenario file a save names", "12 KB"),
    ("game/session/saves.py", "SHOWN_ERRORS", "problems of a save listed in its refusal (the rest are counted)", "—"),
    ("game/session/game.py", "REASON_CHARS", "characters of a bot's reason kept in a save", "a few hundred"),
    ("game/analysis/whatif.py", "MAX_FILE_BYTES", "bytes of a save's what-if file (`SAVE.what-if.json`)", "—"),
]
SETTINGS_LIMITS = [
    ("game/ui/settings.py", "SETTINGS_BYTES", "bytes in the settings file", "about 100"),
    ("game/ui/settings.py", "MIN_WINDOW", "the smallest `window: [width, height]` a settings file may hold", "—"),
    ("game/ui/settings.py", "MAX_WINDOW", "the largest `window: [width, height]`", "—"),
    ("game/ui/settings.py", "SCALES", "the UI scales, percent (`ui_scale` lies from the first to the last)", "—"),
    ("game/ui/settings.py", "SHOWN_PROBLEMS", "problems of one file listed in the window's notice (the rest are "
                                              "counted)", "—"),
]
COMMAND_LIMITS = [
    ("game/cli/analyze.py", "CLI_MAX_GAMES", "games in one `analyze` batch from the command line", "—"),
    ("game/analysis/runner.py", "MAX_GAMES", "games in one batch through the Python API", "—"),
    ("game/analysis/runner.py", "FIRST_CHUNK", "games of a batch's first chunk: progress and Ctrl-C are taken between "
                                               "chunks", "—"),
    ("game/analysis/runner.py", "MAX_CHUNK", "games of the largest chunk", "—"),
    ("game/cli/play.py", "LINE_CHARS", "characters of one line of orders typed in `play --headless`", "—"),
]


def module_constants(path: str) -> dict[str, object]:
    """The module-level constants of a source file whose values are literals (read, never imported: the
    settings and saves modules need the window's and the engine's packages)."""
    found = {}
    for node in ast.parse((ROOT / path).read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                found[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:  # not a literal (an expression of other names)
                continue
    return found


def _value(value: object) -> str:
    if isinstance(value, tuple):
        return " × ".join(f"{v:,}" for v in value) if len(value) == 2 else ", ".join(f"{v:,}" for v in value)
    return f"{value:,}"


def _rows(rows: list[tuple[str, str, str]], value) -> list[str]:
    return ["| limit | value | what it bounds | shipped |", "|---|---|---|---|"] + [
        f"| `{name}` | {_value(value(name))} | {what.format(mib=f'{value(name) // limits.MIB} MiB')} | {shipped} |"
        for name, what, shipped in rows]


def _module_rows(rows: list[tuple[str, str, str, str]]) -> list[str]:
    out = ["| limit | value | what it bounds | realistic |", "|---|---|---|---|"]
    for path, name, what, usual in rows:
        constants = module_constants(path)
        if name not in constants:
            raise SystemExit(f"{path} has no constant {name} with a literal value: update {COMMAND}'s limits table")
        module = Path(path).stem
        out.append(f"| `{module}.{name}` | {_value(constants[name])} | {what} | {usual} |")
    return out


def limits_page() -> str:
    """docs/limits.md: every stated limit with its value as the code has it."""
    content = lambda name: getattr(limits, name)  # noqa: E731
    items = lambda kind: limits.ITEMS[kind]  # noqa: E731
    files = sorted({row[0] for row in SAVE_LIMITS + SETTINGS_LIMITS + COMMAND_LIMITS})
    out = [HEADER.format(command=COMMAND, sources="game/rules/limits.py, " + ", ".join(files)).rstrip(), "",
           "# Limits on content, scenarios, saves and settings", "",
           "Every content pack, scenario, save and settings file is read within the limits below, set far above "
           "what the shipped content or a realistic game needs (the last column) so that no honest file meets "
           "them, while a hostile or broken one (a 50,000-rule pack, YAML nested 100,000 deep, a link to "
           "`/dev/zero`) is refused within a second or two with a message naming the file, the item or field and "
           "the limit. The values are read from the constants that enforce them (`game/rules/limits.py` for content "
           f"and scenarios); this page is generated by `{COMMAND}`, whose `--check` fails when it is out of date.",
           "", "## Files", ""]
    out += _rows(FILE_LIMITS, content)
    out += ["", """A file is read only if it is a regular file (a link to one is fine): a folder, a FIFO, a device, a
socket or a link to one of them is refused at once, without a read that could block. Text must be
UTF-8 (a leading byte-order mark is allowed); UTF-16 or UTF-32 text and anything else is refused
with the position of the first byte that is not UTF-8. Control characters other than tab and
newline are refused with their position.

A scenario's `content:` names an installed pack (`base`) or a folder in the scenario file's own
folder or below it (`./my_pack`, `packs/mine`). An absolute path (`/`, `~/packs`), a path that leads
out of the scenario's folder (`../..`, or a link pointing elsewhere) and a link loop are refused. A
pack's files must lie in its folder: a file that links outside is refused; links to folders are
not followed.

`validate` searches a folder it is given for `*.yaml` files (links to folders are not followed). A
folder deeper than `FOLDER_DEPTH`, or one whose search looks at more than `FOLDER_ENTRIES` files and
folders or finds more than `FOLDER_FILES` YAML files, is not a pack or scenario folder (`/`, a home
folder): it is refused at once with the limit it met, and nothing in it is checked. Name the pack or
scenario folder, or the files.""", "", "## Items", "", "Per pack, summed over its files (and for one file, as a "
            "limit on the list):", "", "| limit | value | shipped |", "|---|---|---|"]
    out += [f"| `ITEMS[{kind}]` | {items(kind):,} | {shipped} |" for kind, shipped in PACK_ITEMS]
    out += ["", "In a scenario file:", "", "| limit | value | shipped |", "|---|---|---|"]
    out += [f"| `ITEMS[{kind}]` | {items(kind):,} | {shipped} |" for kind, shipped in SCENARIO_ITEMS]
    out += [""] + _rows(LIST_LIMITS, content)
    out += ["", """Reading a pack stops at the first file that takes a kind of item over its limit, so a pack of
50,000 rules in 50 files is refused after reading two of them (a fraction of a second); in one file
it is over the size limit. A message from `play`, `analyze` or the window lists the first 50
problems and counts the rest; `python main.py validate` lists them all.""", "", "## Text", ""]
    out += _rows(TEXT_LIMITS, content)
    out += ["", "## Expressions", ""] + _rows(EXPRESSION_LIMITS, content)
    out += ["", """The region influence totals the compiler writes (one term per channel) stay within these limits
because of `ITEMS[channels]`.""", "", "## Saves", "",
            "A save (and the what-if file kept beside it) is JSON, read only if it is a regular file and within "
            "these limits; `version`, `seed` and every other number must be a JSON number (`\"1\"`, `true` or "
            "`1.0` for a version are refused). A save is written whole to a temporary file beside it, checked by "
            "size and by reading it back, then renamed over the old one: a failure of any kind leaves the old save "
            "byte for byte. A save to a link writes its target file; a path that is (or links to) a folder, a device "
            "or a FIFO, or a broken link, is refused, a read-only save is not replaced, and the temporary files of "
            "an interrupted save are removed by the next save.", ""]
    out += _module_rows(SAVE_LIMITS)
    out += ["", "## Settings", "", "The window's settings file is read with the saves' JSON limits and strict types; "
            "with a file the game cannot read, the window starts with the defaults, says what was wrong, and "
            "overwrites the file only when the settings change.", ""]
    out += _module_rows(SETTINGS_LIMITS)
    out += ["", "## Commands", ""] + _module_rows(COMMAND_LIMITS)
    return "\n".join(out).rstrip() + "\n"


def pages() -> dict[Path, str]:
    """Each generated page's path and its text as the code gives it now."""
    return {REFERENCE: content_reference(), CONCEPTS_PAGE: concepts_page(), KIT_PAGE: kit_page(),
            LIMITS_PAGE: limits_page()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; exit 1 if a page differs")
    args = parser.parse_args(argv)
    stale = []
    for path, text in pages().items():
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(path.relative_to(ROOT).as_posix())
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT).as_posix()}")
    if stale:
        print(f"out of date: {', '.join(stale)}; run `{COMMAND}`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
