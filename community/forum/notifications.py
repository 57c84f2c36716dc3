"""The forum's kinds of notification and its announcers (registered from ``apps.py``)."""

from django.utils.translation import pgettext_lazy

from community.notifications.registry import register_announcer, register_kind


class Kind:
    NEW_ANSWER = register_kind(
        "forum_answer",
        label=pgettext_lazy("notification kind", "New answers to questions I follow"),
        message=pgettext_lazy("notification", "%(actor)s answered “%(title)s”"),
    )
    MY_QUESTION_ANSWERED = register_kind(
        "forum_my_answered",
        label=pgettext_lazy("notification kind", "Answers to my questions"),
        message=pgettext_lazy("notification", "%(actor)s answered your question “%(title)s”"),
    )
    ACCEPTED = register_kind(
        "forum_accepted",
        label=pgettext_lazy("notification kind", "Accepted answers on questions I follow"),
        message=pgettext_lazy("notification", "%(actor)s accepted an answer to “%(title)s”"),
    )
    MENTION = register_kind(
        "forum_mention",
        label=pgettext_lazy("notification kind", "Mentions of me (@name)"),
        message=pgettext_lazy("notification", "%(actor)s mentioned you in “%(title)s”"),
    )
    ASKED_OF = register_kind(
        "forum_asked",
        label=pgettext_lazy("notification kind", "Questions addressed to me"),
        message=pgettext_lazy("notification", "%(actor)s asked you: “%(title)s”"),
    )
    NEW_QUESTION = register_kind(
        "forum_question",
        label=pgettext_lazy("notification kind", "New questions in tags and boards I follow"),
        message=pgettext_lazy("notification", "New question from %(actor)s: “%(title)s”"),
    )


def register() -> None:
    from . import announce

    for name, announcer in announce.ANNOUNCERS.items():
        register_announcer(name, announcer)
