from django.urls import path, re_path

from pwa import views

app_name = "pwa"

urlpatterns = [
    path("sw.js", views.service_worker, name="service-worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/", views.offline, name="offline"),
    path("", views.shell, name="shell"),
    # Every client route (diary/2026-12-01/, learn/<slug>/, ...) gets the same shell;
    # the router in js/app.js draws the screen. Only paths ending in "/" so that a
    # mistyped file name is a plain 404.
    re_path(r"^(?P<route>(?:[\w-]+/)+)$", views.shell, name="route"),
]
