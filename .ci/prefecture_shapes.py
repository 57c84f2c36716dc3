"""Write community/municipalities/data/prefecture_shapes.json, the outlines of the
47 prefectures that the impact map draws, from the japanmap package's simplified
boundary data (japanmap 0.6.0, Apache-2.0, https://pypi.org/project/japanmap/).

    pip download --no-deps -d /tmp/japanmap japanmap==0.6.0
    .venv/bin/python .ci/prefecture_shapes.py /tmp/japanmap/japanmap-0.6.0-py3-none-any.whl

It reads the wheel's ``japanmap/japan0.16.json`` without importing the package (which
needs numpy and OpenCV), and projects it as japanmap's own ``pref_map`` does:
longitude scaled by 0.812 (the cosine of Japan's middle latitude), Hokkaido and
Okinawa moved closer, as on most maps of Japan. Coordinates are rounded to one
decimal in a viewBox 1,000 units wide, so the whole map is about 10 kB."""

import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "community" / "municipalities" / "data" / "prefecture_shapes.json"
WIDTH = 1000
X_RATIO = 0.812


def outlines(wheel: Path) -> list[list[tuple[float, float]]]:
    with zipfile.ZipFile(wheel) as archive:
        points, borders = json.loads(archive.read("japanmap/japan0.16.json"))
    points = [list(point) for point in points]
    for index, (dx, dy) in ((0, (-10, -4.5)), (46, (4.5, 5))):  # Hokkaido, Okinawa
        for i in borders[index][0][1][:-1]:
            points[i][0] = [points[i][0][0] + dx, points[i][0][1] + dy]
    return [
        [(points[i][0][0] * X_RATIO, -points[i][0][1]) for _, line in prefecture for i in line]
        for prefecture in borders
    ]


def main(wheel: str) -> None:
    shapes = outlines(Path(wheel))
    xs = [x for shape in shapes for x, _ in shape]
    ys = [y for shape in shapes for _, y in shape]
    scale = WIDTH / (max(xs) - min(xs))
    height = round((max(ys) - min(ys)) * scale, 1)

    def project(x, y):
        return round((x - min(xs)) * scale, 1), round((y - min(ys)) * scale, 1)

    prefectures = {}
    for number, shape in enumerate(shapes, start=1):
        projected = [project(x, y) for x, y in shape]
        path = "M" + "L".join(f"{x:g},{y:g}" for x, y in projected) + "Z"
        centre = (
            round(sum(x for x, _ in projected) / len(projected), 1),
            round(sum(y for _, y in projected) / len(projected), 1),
        )
        prefectures[f"{number:02d}"] = {"d": path, "centre": centre}
    OUTPUT.write_text(
        json.dumps(
            {
                "source": "japanmap 0.6.0 (japan0.16.json), https://pypi.org/project/japanmap/",
                "licence": "Apache-2.0, Copyright Saito Tsutomu",
                "viewbox": [WIDTH, height],
                "prefectures": prefectures,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"Wrote {OUTPUT} ({OUTPUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
