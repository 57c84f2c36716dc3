from django.urls import path

from . import views

app_name = "adoption"
urlpatterns = [
    path("<int:page_id>/", views.adopt_view, name="adopt"),
    path("withdraw/<int:adoption_id>/", views.withdraw_view, name="withdraw"),
]
