"""The benchmark's yardstick: a bare Django view rendering a 20-row template,
mounted only when BENCH_BARE_VIEW=1 (make bench sets it)."""

from django.shortcuts import render

ROWS = [
    {"code": f"{number:06d}", "name": f"自治体{number}", "population": number * 1000}
    for number in range(20)
]


def bare(request):
    return render(request, "bench/bare.html", {"rows": ROWS})
