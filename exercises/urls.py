from django.urls import path

from exercises.api import library, plans, sessions

urlpatterns = [
    path("exercises/", library.ExerciseListView.as_view(), name="exercise-list"),
    path("patients/<str:patient>/plans/", plans.PlanListView.as_view(), name="plan-list"),
    path("patients/<str:patient>/plan/", plans.ActivePlanView.as_view(), name="plan-active"),
    path(
        "patients/<str:patient>/sessions/", sessions.SessionListView.as_view(), name="session-list"
    ),
    path(
        "patients/<str:patient>/sessions/<str:client_id>/",
        sessions.SessionView.as_view(),
        name="session-detail",
    ),
    path("patients/<str:patient>/adherence/", sessions.AdherenceView.as_view(), name="adherence"),
]
