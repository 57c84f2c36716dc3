"""Statistics of the questions' municipality for every municipality that asks
(community/municipalities/planner.py)."""

from django.db import migrations

from community.municipalities.planner import count_every_municipality


class Migration(migrations.Migration):
    dependencies = [("forum", "0006_private_search_entries")]

    operations = [count_every_municipality("forum_question")]
