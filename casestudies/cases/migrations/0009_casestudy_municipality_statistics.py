"""Statistics of the case studies' municipality for every municipality that
publishes (community/municipalities/planner.py)."""

from django.db import migrations

from community.municipalities.planner import count_every_municipality


class Migration(migrations.Migration):
    dependencies = [("cases", "0008_casestudypage_cited_notices")]

    operations = [count_every_municipality("cases_casestudypage")]
