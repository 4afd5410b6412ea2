"""A bot for tests of negotiation: it proposes and answers as told and orders nothing more."""


class Scripted:
    """A bot that proposes `offer` (an (Order, reason) pair or None), answers every proposal with `reply`,
    records the numbers it was asked about, and orders nothing."""

    def __init__(self, offer=None, reply=None):
        self.offer, self.reply, self.asked = offer, reply, []

    def choose(self, view, desk):
        return [], "scripted"

    def propose(self, view, desk):
        return self.offer

    def answer(self, view, desk, proposal):
        self.asked.append(proposal.number)
        return self.reply
