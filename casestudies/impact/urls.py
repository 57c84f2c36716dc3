from django.urls import path

from . import views

app_name = "impact"
urlpatterns = [
    path("", views.impact_page, name="page"),
    path("csv/<slug:table>/", views.impact_csv, name="csv"),
]
