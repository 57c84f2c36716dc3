from django.urls import path, re_path

from . import chooser, views

app_name = "municipalities"
urlpatterns = [
    path("", views.municipality_list, name="list"),
    path("suggest/", chooser.suggest, name="suggest"),
    re_path(r"^(?P<code>[0-9]{6})/$", views.municipality_detail, name="detail"),
]
