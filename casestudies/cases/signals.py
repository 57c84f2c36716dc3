"""Keep the search index and cached facets in step with publishing; count live
case studies as what their municipality published."""

from django.db.models.signals import post_delete, post_save

from casestudies.knowledge.signals import (
    count_as_contributions,
    count_as_publications,
    keep_list_in_step,
)
from community.taxonomy.choices import bump_choices_version

from .models import CaseStudyPage, FundingProgramme

keep_list_in_step(CaseStudyPage)
count_as_publications(CaseStudyPage)
count_as_contributions(CaseStudyPage, order=10)

# The funding list is a filter's choices, cached with the tools and categories.
post_save.connect(bump_choices_version, sender=FundingProgramme, dispatch_uid="funding.saved")
post_delete.connect(bump_choices_version, sender=FundingProgramme, dispatch_uid="funding.deleted")
