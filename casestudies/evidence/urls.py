from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("", views.basket_view, name="basket"),
    path("add/", views.add_view, name="add"),
    path("remove/", views.remove_view, name="remove"),
    path("make/", views.make_view, name="make"),
    path("pack/<str:token>/", views.pack_view, name="pack"),
    path("pack/<str:token>/pdf/", views.pack_pdf, name="pdf"),
    path("pack/<str:token>/xlsx/", views.pack_xlsx, name="xlsx"),
]
