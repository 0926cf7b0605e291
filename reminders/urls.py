from django.urls import path

from reminders import api

urlpatterns = [
    path("alerts/", api.AlertListView.as_view(), name="alert-list"),
    path("alerts/<str:alert>/", api.AlertDetailView.as_view(), name="alert-detail"),
    path(
        "alerts/<str:alert>/acknowledge/",
        api.AlertAcknowledgeView.as_view(),
        name="alert-acknowledge",
    ),
    path("alerts/<str:alert>/resolve/", api.AlertResolveView.as_view(), name="alert-resolve"),
    path(
        "patients/<str:patient>/alert-settings/",
        api.AlertSettingsView.as_view(),
        name="alert-settings",
    ),
    path("patients/<str:patient>/reminders/", api.ReminderListView.as_view(), name="reminder-list"),
    path(
        "patients/<str:patient>/reminders/<str:reminder>/",
        api.ReminderDetailView.as_view(),
        name="reminder-detail",
    ),
    path("notifications/", api.NotificationListView.as_view(), name="notification-list"),
    path(
        "notifications/<str:notification>/read/",
        api.NotificationReadView.as_view(),
        name="notification-read",
    ),
    path("push/vapid-public-key/", api.VapidPublicKeyView.as_view(), name="vapid-public-key"),
    path("push/subscriptions/", api.PushSubscriptionListView.as_view(), name="push-subscriptions"),
    path(
        "push/subscriptions/<str:subscription>/",
        api.PushSubscriptionDetailView.as_view(),
        name="push-subscription-detail",
    ),
]
