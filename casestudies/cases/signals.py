"""Keep the search index and cached facets in step with publishing; count live
case studies as what their municipality published."""

from casestudies.knowledge.signals import (
    count_as_contributions,
    count_as_publications,
    keep_list_in_step,
)

from .models import CaseStudyPage

keep_list_in_step(CaseStudyPage)
count_as_publications(CaseStudyPage)
count_as_contributions(CaseStudyPage, order=10)
