from django.urls import path

from patients import api, api_auth

urlpatterns = [
    path("auth/token/", api_auth.TokenView.as_view(), name="auth-token"),
    path("auth/logout/", api_auth.LogoutView.as_view(), name="auth-logout"),
    path("auth/logout-all/", api_auth.LogoutAllView.as_view(), name="auth-logout-all"),
    path("auth/password/", api_auth.PasswordView.as_view(), name="auth-password"),
    path("auth/me/", api_auth.MeView.as_view(), name="auth-me"),
    path("auth/activate/", api_auth.ActivateView.as_view(), name="auth-activate"),
    path("auth/csrf/", api_auth.CsrfView.as_view(), name="auth-csrf"),
    path("auth/session/", api_auth.SessionView.as_view(), name="auth-session"),
    path(
        "auth/session/activate/",
        api_auth.SessionActivateView.as_view(),
        name="auth-session-activate",
    ),
    path("auth/privacy-notice/", api_auth.PrivacyNoticeView.as_view(), name="auth-privacy-notice"),
    path("auth/password-reset/", api_auth.PasswordResetView.as_view(), name="auth-password-reset"),
    path(
        "auth/password-reset/email/",
        api_auth.PasswordResetEmailView.as_view(),
        name="auth-password-reset-email",
    ),
    path(
        "auth/password-reset/confirm/",
        api_auth.PasswordResetConfirmView.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("patients/", api.PatientListView.as_view(), name="patient-list"),
    path("patients/<str:patient>/", api.PatientDetailView.as_view(), name="patient-detail"),
    path("patients/<str:patient>/invite/", api.PatientInviteView.as_view(), name="patient-invite"),
    path(
        "patients/<str:patient>/password-reset-code/",
        api.PasswordResetCodeView.as_view(),
        name="patient-password-reset-code",
    ),
    path("patients/<str:patient>/care-team/", api.CareTeamView.as_view(), name="care-team"),
    path(
        "patients/<str:patient>/care-team/contact/",
        api.CareTeamContactView.as_view(),
        name="care-team-contact",
    ),
    path(
        "patients/<str:patient>/care-team/<str:member>/",
        api.CareTeamMemberView.as_view(),
        name="care-team-member",
    ),
    path("patients/<str:patient>/caregivers/", api.CaregiverListView.as_view(), name="caregivers"),
    path(
        "patients/<str:patient>/caregivers/<str:caregiver>/",
        api.CaregiverDetailView.as_view(),
        name="caregiver-detail",
    ),
]
