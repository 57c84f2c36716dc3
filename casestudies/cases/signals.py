"""Keep the search index and cached facets in step with publishing."""

from casestudies.knowledge.signals import keep_list_in_step

from .models import CaseStudyPage

keep_list_in_step(CaseStudyPage)
