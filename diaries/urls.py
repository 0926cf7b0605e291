from django.urls import path

from diaries import api

urlpatterns = [
    path("patients/<str:patient>/diary/", api.DiaryListView.as_view(), name="diary-list"),
    path(
        "patients/<str:patient>/diary/changes/",
        api.DiaryChangesView.as_view(),
        name="diary-changes",
    ),
    path("patients/<str:patient>/diary/<str:date>/", api.DiaryDayView.as_view(), name="diary-day"),
    path(
        "patients/<str:patient>/diary/<str:date>/revisions/",
        api.DiaryRevisionsView.as_view(),
        name="diary-revisions",
    ),
    path("patients/<str:patient>/trends/", api.TrendsView.as_view(), name="trends"),
]
