from django.urls import path

from goals import api

urlpatterns = [
    path("patients/<str:patient>/goals/", api.GoalListView.as_view(), name="goal-list"),
    path(
        "patients/<str:patient>/goals/<str:goal_id>/archive/",
        api.GoalArchiveView.as_view(),
        name="goal-archive",
    ),
    path(
        "patients/<str:patient>/measurements/",
        api.MeasurementListView.as_view(),
        name="measurement-list",
    ),
]
