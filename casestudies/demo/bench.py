"""The benchmark's yardstick: a bare Django view rendering a 20-row template,
mounted only by ``yokoten.settings.bench`` (make bench)."""

from django.shortcuts import render

ROWS = [
    {"code": f"{number:06d}", "name": f"自治体{number}", "population": number * 1000}
    for number in range(20)
]


def bare(request):
    return render(request, "bench/bare.html", {"rows": ROWS})
