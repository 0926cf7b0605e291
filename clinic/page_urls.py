"""The clinician pages, mounted at /clinic/ (the API's clinic/urls.py is under /api/v1/)."""

from django.urls import path, re_path

from clinic.pages import (
    alerts,
    care_team,
    caseload,
    enrol,
    enrol_codes_pages,
    patient,
    plans,
    signin,
)

app_name = "clinic"

urlpatterns = [
    path("", caseload.caseload_page, name="caseload"),
    path("rows/", caseload.caseload_rows, name="caseload-rows"),
    path("signin/", signin.signin, name="signin"),
    path("signout/", signin.signout, name="signout"),
    path("patients/<int:patient_id>/", patient.patient, name="patient"),
    path(
        "patients/<int:patient_id>/alerts/<int:alert_id>/",
        patient.alert_action,
        name="patient-alert-action",
    ),
    path("enrol/", enrol.enrol, name="enrol"),
    path(
        "patients/<int:patient_id>/invite/",
        enrol_codes_pages.invite,
        name="patient-invite",
    ),
    path(
        "patients/<int:patient_id>/reset-code/",
        enrol_codes_pages.reset_code,
        name="patient-reset-code",
    ),
    path("patients/<int:patient_id>/care-team/", care_team.care_team, name="care-team"),
    path(
        "patients/<int:patient_id>/care-team/add/",
        care_team.care_team_add,
        name="care-team-add",
    ),
    path(
        "patients/<int:patient_id>/care-team/leave/",
        care_team.care_team_leave,
        name="care-team-leave",
    ),
    path(
        "patients/<int:patient_id>/care-team/contact/",
        care_team.care_team_contact,
        name="care-team-contact",
    ),
    path("patients/<int:patient_id>/plan/new/", plans.plan_new, name="plan-new"),
    path("alerts/", alerts.inbox, name="alerts"),
    path("alerts/<int:alert_id>/", patient.alert_link, name="alert"),
    path("alerts/<int:alert_id>/acknowledge/", alerts.acknowledge, name="alert-acknowledge"),
    # Last: any other /clinic/ path is the clinic's 404 page (after the sign-in check).
    re_path(r"^(?P<rest>.*)$", patient.not_found, name="not-found"),
]
