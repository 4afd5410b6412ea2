"""The concepts of the two source articles, and which content models each one.

Every piece of content cites the concepts it models in its `sources` list; the schema refuses an
id that is not in CONCEPTS. `concept_index` answers a teacher's question "where does the game
model this idea?" for a compiled scenario.
"""

from __future__ import annotations

from collections.abc import Iterable

ConceptId = str

ARTICLES = {
    "S0": "The U.S. at a crossroads (trilemma view)",
    "S2": "The Article II Mandate (CSIS, 2018)",
}

# id -> short label, in the articles' order (the labels are ours, kept short for lists and tooltips)
CONCEPTS: dict[ConceptId, str] = {
    "S0-01": "Rodrik's trilemma: globalization, sovereignty, democracy",
    "S0-02": "Globalization plus democracy costs sovereignty and displaces workers",
    "S0-03": "First Trump term: tariffs, TPP exit, strict immigration",
    "S0-04": "The democracy corner under strain",
    "S0-05": "Free trade, lost manufacturing jobs, fragile supply chains",
    "S0-06": "Option one: a universal tariff and trade wars",
    "S0-07": "Option two: trusted trading partners",
    "S0-08": "China's CPTPP bid",
    "S0-09": "Allies deepen trade with China, which uses the leverage",
    "S0-10": "A U.S.-Japan trusted-partner framework through ASEAN",
    "S0-11": "Modern trade rules: WTO e-commerce, USMCA data flows",
    "S0-12": "Japan's defense build-up toward 2% of GDP",
    "S0-13": "Senkaku incursions, bomber patrols, South China Sea drills",
    "S0-14": "Japan's ruling party loses its majority",
    "S0-15": "A weak mandate makes leader-to-leader deals unreliable",
    "S0-16": "Instability turns Japan inward",
    "S0-17": "U.S. pressure on defense spending can backfire",
    "S0-18": "Visible disarray may embolden China (Taiwan)",
    "S0-19": "Multilateral security engagement over bilateral pressure",
    "S0-20": "Shared democratic values as the alliance's foundation",
    "S0-21": "Roots of discontent: stagnation, safety, distrust",
    "S0-22": "Lower inequality supports stable democracy",
    "S0-23": "Japan's struggle to answer demands on inflation",
    "S0-24": "U.S. households' economic insecurity",
    "S0-25": "Japanese firms' jobs and investment in the U.S.",
    "S0-26": "Polarization weakens democracy",
    "S0-27": "Balance the trilemma, reaffirm shared values",
    "S2-01": "Treaty Article II: economic collaboration",
    "S2-02": "Shared strategic interests beyond trade quarrels",
    "S2-03": "China's economic coercion in infrastructure and technology",
    "S2-04": "China's bid for regional economic leadership after TPP",
    "S2-05": "Cooperation through the ADB and APEC",
    "S2-06": "Presence measured broadly: trade, investment, aid, soft power",
    "S2-07": "Case countries: Myanmar, Vietnam, India, South Korea",
    "S2-M1": "Myanmar: growth potential, fragile democracy",
    "S2-M2": "U.S.: sanctions relief tied to reform in Myanmar",
    "S2-M3": "U.S.: business as a force for growth and governance",
    "S2-M4": "Japan: the Thilawa special economic zone",
    "S2-M5": "Japan: share information with embassies and chambers",
    "S2-M6": "Joint development and capacity building in Myanmar",
    "S2-V1": "Vietnam: fast-growing, state-led, wary of China",
    "S2-V2": "U.S.: the TIFA with Vietnam",
    "S2-V3": "U.S.: Vietnam's administrative capacity",
    "S2-V4": "Japan: energy and healthcare investment in Vietnam",
    "S2-V5": "Joint: help Vietnam meet CPTPP commitments",
    "S2-I1": "India: a democracy that could become a rule-maker",
    "S2-I2": "U.S.: engage Indian leaders, settle disputes by dialogue",
    "S2-I3": "Japan: quality infrastructure and investment in India",
    "S2-I4": "Joint: infrastructure norms, innovation, defense technology with India",
    "S2-K1": "South Korea: ally exposed to Chinese coercion",
    "S2-K2": "U.S.: implement KORUS, services cooperation",
    "S2-K3": "Japan: bring Korea into CPTPP, tourism, ageing",
    "S2-K4": "Trilateral rule-making and pushback on coercion with Korea",
    "S2-R1": "The regional trade architecture: APEC, FTAs, TPP, RCEP",
    "S2-R2": "U.S.: avoid unilateral trade actions that hurt allies",
    "S2-R3": "U.S.: extend USMCA's high standards",
    "S2-R4": "U.S.: reform the WTO Appellate Body",
    "S2-R5": "Japan: coax the U.S. back to multilateral leadership",
    "S2-R6": "Japan: multilateral liberalization in the FOIP strategy",
    "S2-R7": "Japan: bring CPTPP into force, upgrade and widen it",
    "S2-R8": "Joint rules on SOEs, digital trade and services",
    "S2-G1": "The G7 still gathers the largest democracies",
    "S2-G2": "U.S.: stay engaged in the G7",
    "S2-G3": "Japan: strengthen the G7, use it with the G20",
    "S2-G4": "Joint: G7 trade rules and infrastructure standards",
    "S2-J1": "Settle bilateral trade tensions first",
    "S2-J2": "A joint strategy and an Indo-Pacific economic dialogue",
    "S2-J3": "A free and open digital economy",
    "S2-J4": "Rule-making that extends TPP disciplines",
    "S2-J5": "Trilateral economic cooperation with the EU",
    "S2-J6": "Financing and standards for quality infrastructure",
    "S2-J7": "Answering geo-economic coercion along the Belt and Road",
    "S2-J8": "An affirmative agenda with China",
    "S2-J9": "Capacity building for small and medium enterprises",
    "S2-J10": "Working together against corruption",
    "S2-F1": "Half a century of commercial disputes",
    "S2-F2": "Competitors, not economic rivals",
    "S2-F3": "Japan led where the U.S. stepped back",
    "S2-F4": "Much can be done below the leader level",
}


def unknown_concepts(ids: Iterable[str]) -> list[str]:
    """The ids that are not concepts of the source articles."""
    return [i for i in ids if i not in CONCEPTS]


def concept_index(rules) -> dict[ConceptId, list[str]]:
    """For each concept, the content items of a compiled scenario that cite it, as `kind id` strings.

    Items: moves, events, rules (and any of their effects), tracks, regions, institutions, scoring
    terms (`score FACTION: NAME`) and the scenario itself. Concepts nothing cites map to [].
    """
    index: dict[ConceptId, list[str]] = {c: [] for c in CONCEPTS}

    def cite(item: str, sources: Iterable[str]) -> None:
        for source in sources:
            if source in index and item not in index[source]:
                index[source].append(item)

    cite(f"scenario {rules.id}", rules.scenario.sources)
    for kind, key in (("track", "tracks"), ("region", "regions"), ("institution", "institutions")):
        for item in rules.pack.items(key):
            cite(f"{kind} {item.id}", item.sources)
    for kind, items in (("move", rules.moves), ("event", rules.events), ("rule", rules.standing_rules)):
        for item in items:
            cite(f"{kind} {item.id}", item.sources)
    for effect in rules.effects:
        cite(f"{effect.owner_kind} {effect.owner_id}", effect.sources)
    for faction, term in rules.score_terms:
        cite(f"score {faction}: {term.name}", term.sources)
    return index


def acting_items(items: list[str]) -> list[str]:
    """The items of an index entry that change numbers in play: moves, events, rules, scoring terms,
    and regions (their channel weights and traits are the formulas of the influence that moves
    build and scoring counts). A track, an institution or a scenario description alone does not."""
    return [i for i in items if i.split(" ", 1)[0] in ("move", "event", "rule", "score", "region")]
