"""Re-queue emails whose delivery task was lost, give up on sends a dead worker
interrupted, forget sent mail after two weeks. Run every five minutes, e.g.

*/5 * * * *  manage.py sweep_outbox
"""

from django.core.management.base import BaseCommand

from community.mail.services import outbox_health, sweep


class Command(BaseCommand):
    help = "Re-queue waiting emails whose delivery is overdue; report the outbox."

    def handle(self, *args, **options):
        done = sweep()
        state = outbox_health()
        self.stdout.write(
            f"Re-queued {done['requeued']}, interrupted {done['interrupted']}, "
            f"forgot {done['forgotten']} sent; waiting {state['waiting']} "
            f"(late {state['late']}), failed {state['failed']}."
        )
