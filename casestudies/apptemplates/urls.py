from django.urls import path

from . import views

app_name = "apptemplates"
urlpatterns = [
    path("download/<int:file_id>/", views.download, name="download"),
]
