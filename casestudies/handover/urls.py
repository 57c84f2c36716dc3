from django.urls import path

from . import views

app_name = "handover"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("transfer/", views.transfer, name="transfer"),
]
