"""Demo and load-test data, in one place that production does not install.

- ``load_demo`` (management command) builds a living demo site: all municipalities,
  the demo accounts and the demo content written for it (``content/``), each step
  in its own module (``accounts``, ``forum``, ``visits``, ``cases``,
  ``apptemplates``, ``curricula``).
- ``seed_demo --scale N`` adds national-scale volume for ``make bench``
  (``seed/``).
- ``bench`` is the benchmark's yardstick view.

It sits at the top of the layers: it may import both wings, and nothing outside
it (but the dev, test and bench settings, and the tests) imports it. The package
is excluded from the distribution (pyproject.toml), and
``yokoten.settings.production`` does not install it.
"""
