"""The demo shows a verification about to end: 飯豊町's officer has the 30-day
reminder in his inbox and the renewal button on his verification page, once."""

import pytest

from casestudies.demo import accounts, reminders
from community.accounts.models import User
from community.accounts.renewal import EXPIRY
from community.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_the_small_town_officer_has_one_reminder_and_can_renew(client_for):
    accounts.load()
    reminders.load()
    reminders.load()
    officer = User.objects.get(email=accounts.SMALL_TOWN_STAFF.email)
    items = Notification.objects.filter(recipient=officer, kind=EXPIRY)
    assert items.count() == 1
    assert items.get().message.startswith("山形県 飯豊町の職員認証はあと30日")
    page = client_for(officer).get("/members/me/verification/").content.decode()
    assert 'name="renew"' in page
