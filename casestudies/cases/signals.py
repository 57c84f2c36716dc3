"""Keep the search index and cached facets in step with publishing; count live
case studies as what their municipality published."""

from django.db.models.signals import post_delete, post_save

from casestudies.knowledge.signals import (
    count_as_contributions,
    count_as_publications,
    keep_list_in_step,
    tools_or_categories_changed,
)

from .models import CaseStudyPage, FundingProgramme

keep_list_in_step(CaseStudyPage)
count_as_publications(CaseStudyPage)
count_as_contributions(CaseStudyPage, order=10)

# The funding list is a filter's choices, read with the tools and categories, and its
# names are on the cards as theirs are: a change retires the choices and every page.
post_save.connect(
    tools_or_categories_changed, sender=FundingProgramme, dispatch_uid="funding.saved"
)
post_delete.connect(
    tools_or_categories_changed, sender=FundingProgramme, dispatch_uid="funding.deleted"
)
