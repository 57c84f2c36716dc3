"""Picking municipalities for seeded activity: every one of the 1,741 can
appear, and small towns are the most active, as on the real site."""

import random

from community.municipalities.models import Municipality

# Relative activity by population (small towns share the most on Yokoten).
_WEIGHTS = ((10_000, 4.0), (50_000, 3.0), (300_000, 1.5), (None, 1.0))


def activity_weight(population: int) -> float:
    for upper, weight in _WEIGHTS:
        if upper is None or population < upper:
            return weight
    return 1.0


class MunicipalityPicker:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.municipalities = list(
            Municipality.objects.municipalities_only().select_related("prefecture")
        )
        self.weights = [activity_weight(m.population) for m in self.municipalities]

    def pick(self) -> Municipality:
        return self.rng.choices(self.municipalities, weights=self.weights, k=1)[0]

    def every_one_then_weighted(self, count: int):
        """The first len(municipalities) picks cover all of them; the rest follow the weights."""
        order = self.municipalities[:]
        self.rng.shuffle(order)
        for number in range(count):
            yield order[number] if number < len(order) else self.pick()
