"""Read the facet counts a list page shows: {"filter:value": count}."""


def shown_facets(response) -> dict[str, int]:
    groups = response.context["facet_groups"]
    groups = groups() if callable(groups) else groups
    return {
        f"{group['name']}:{option.value}": option.count
        for group in groups
        for option in group["options"]
    }
