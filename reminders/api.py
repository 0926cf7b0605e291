"""Alerts, reminder schedules, the inbox and Web Push over HTTP."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.idempotency import idempotent
from patients.access import (
    CARE_TEAM,
    READERS,
    SELF_OR_CARE_TEAM,
    Relation,
    access_patient,
    access_patient_for_request,
    request_user,
)
from patients.models import User
from reminders import selectors, services
from reminders.alerts import thresholds_for
from reminders.models import Alert, ReminderSchedule
from reminders.serializers import (
    AcknowledgeIn,
    AlertFilterIn,
    AlertOut,
    NotificationOut,
    PushSubscriptionIn,
    PushSubscriptionOut,
    ReminderIn,
    ReminderOut,
    RuleSettingsIn,
)
from reminders.vapid import vapid_keys

MAX_LIST = 200


class AlertListView(APIView):
    """Clinicians: the alerts of their caseload; patients: their own."""

    @extend_schema(parameters=[AlertFilterIn], responses={200: AlertOut(many=True)})
    def get(self, request: Request) -> Response:
        filters = AlertFilterIn(data=request.query_params)
        filters.is_valid(raise_exception=True)
        alerts = selectors.alert_list(
            user=request_user(request),
            status=filters.validated_data.get("status"),
            patient_id=filters.validated_data.get("patient"),
        )[:MAX_LIST]
        context = {"clinician": request_user(request).is_clinician}
        return Response(AlertOut(alerts, many=True, context=context).data)


class AlertDetailView(APIView):
    @extend_schema(responses={200: AlertOut})
    def get(self, request: Request, alert: str) -> Response:
        user = request_user(request)
        found = selectors.alert_get(user=user, alert_id=alert)
        if found is None:
            raise NotFound
        return Response(AlertOut(found, context={"clinician": user.is_clinician}).data)


def _alert_for_care_team(request: Request, alert_id: str) -> tuple[User, Alert]:
    user = request_user(request)
    found = selectors.alert_get(user=user, alert_id=alert_id)
    if found is None:
        raise NotFound
    # Readers who are not clinicians of the care team may see an alert but not close it.
    access_patient(user, found.patient_id, allow=CARE_TEAM)
    return user, found


class _AlertActionView(APIView):
    """A clinician of the care team acts on an alert, with an optional note."""

    alert_service: Callable[..., Alert]

    @extend_schema(request=AcknowledgeIn, responses={200: AlertOut})
    def post(self, request: Request, alert: str) -> Response:
        user, found = _alert_for_care_team(request, alert)
        data = AcknowledgeIn(data=request.data)
        data.is_valid(raise_exception=True)
        done = type(self).alert_service(
            alert=found, clinician=user, note=data.validated_data["note"]
        )
        return Response(AlertOut(done, context={"clinician": True}).data)


class AlertAcknowledgeView(_AlertActionView):
    """A clinician of the care team has seen the alert."""

    alert_service = staticmethod(services.alert_acknowledge)


class AlertResolveView(_AlertActionView):
    """A clinician of the care team closes the alert."""

    alert_service = staticmethod(services.alert_resolve)


class AlertSettingsView(APIView):
    """The care team tunes a patient's red-flag thresholds."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        return Response({"thresholds": asdict(thresholds_for(access.patient.pk))})

    @extend_schema(request=RuleSettingsIn, responses={200: OpenApiTypes.OBJECT})
    def put(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=CARE_TEAM)
        data = RuleSettingsIn(data=request.data)
        data.is_valid(raise_exception=True)
        thresholds = services.rule_settings_update(
            patient=access.patient, overrides=data.validated_data["overrides"], user=access.user
        )
        return Response({"thresholds": thresholds})


class ReminderListView(APIView):
    """A patient's reminder schedules; the patient and the care team manage them."""

    @extend_schema(responses={200: ReminderOut(many=True)})
    def get(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient)
        return Response(
            ReminderOut(selectors.reminder_list(patient_id=access.patient.pk), many=True).data
        )

    @extend_schema(request=ReminderIn, responses={201: ReminderOut})
    @idempotent
    def post(self, request: Request, patient: str) -> Response:
        access = access_patient_for_request(request, patient, allow=SELF_OR_CARE_TEAM)
        data = ReminderIn(data=request.data)
        data.is_valid(raise_exception=True)
        schedule = services.reminder_schedule_create(
            patient=access.patient, created_by=access.user, **data.to_model_fields()
        )
        return Response(ReminderOut(schedule).data, status=status.HTTP_201_CREATED)


def _access_schedule(
    request: Request, patient: str, reminder: str, allow: frozenset[Relation] = READERS
) -> ReminderSchedule:
    """Return the patient's schedule if the caller may act on it; 404 for any other id."""
    access = access_patient_for_request(request, patient, allow=allow)
    schedule = selectors.reminder_get(patient_id=access.patient.pk, schedule_id=reminder)
    if schedule is None:
        raise NotFound
    return schedule


class ReminderDetailView(APIView):
    @extend_schema(responses={200: ReminderOut})
    def get(self, request: Request, patient: str, reminder: str) -> Response:
        schedule = _access_schedule(request, patient, reminder)
        return Response(ReminderOut(schedule).data)

    @extend_schema(request=ReminderIn, responses={200: ReminderOut})
    def patch(self, request: Request, patient: str, reminder: str) -> Response:
        schedule = _access_schedule(request, patient, reminder, allow=SELF_OR_CARE_TEAM)
        data = ReminderIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        updated = services.reminder_schedule_update(
            schedule=schedule, changes=data.to_model_fields()
        )
        return Response(ReminderOut(updated).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, patient: str, reminder: str) -> Response:
        schedule = _access_schedule(request, patient, reminder, allow=SELF_OR_CARE_TEAM)
        services.reminder_schedule_delete(schedule=schedule)
        return Response(status=status.HTTP_204_NO_CONTENT)


class NotificationListView(APIView):
    """The caller's in-app inbox, newest first."""

    @extend_schema(
        parameters=[
            inline_serializer(
                "NotificationFilter", {"unread": serializers.BooleanField(required=False)}
            )
        ],
        responses={200: NotificationOut(many=True)},
    )
    def get(self, request: Request) -> Response:
        unread = request.query_params.get("unread", "").lower() in ("1", "true", "yes")
        notifications = selectors.notification_list(user=request_user(request), unread_only=unread)[
            :MAX_LIST
        ]
        return Response(NotificationOut(notifications, many=True).data)


class NotificationReadView(APIView):
    @extend_schema(request=None, responses={200: NotificationOut})
    def post(self, request: Request, notification: str) -> Response:
        found = selectors.notification_get(user=request_user(request), notification_id=notification)
        if found is None:
            raise NotFound
        return Response(NotificationOut(services.notification_mark_read(notification=found)).data)


class VapidPublicKeyView(APIView):
    """The server's VAPID public key, for the browser's ``applicationServerKey``."""

    permission_classes = (AllowAny,)

    @extend_schema(
        responses={200: inline_serializer("VapidKey", {"public_key": serializers.CharField()})}
    )
    def get(self, request: Request) -> Response:
        return Response({"public_key": vapid_keys().public_key})


class PushSubscriptionListView(APIView):
    @extend_schema(
        request=PushSubscriptionIn, responses={201: PushSubscriptionOut, 200: PushSubscriptionOut}
    )
    def post(self, request: Request) -> Response:
        user = request_user(request)
        if user.role not in ("patient", "clinician", "caregiver"):
            raise PermissionDenied(
                "Only patients, clinicians and caregivers receive push messages."
            )
        data = PushSubscriptionIn(data=request.data)
        data.is_valid(raise_exception=True)
        subscription, created = services.push_subscription_create(
            user=user, endpoint=data.validated_data["endpoint"],
            p256dh=data.validated_data["keys"]["p256dh"], auth=data.validated_data["keys"]["auth"],
            user_agent=request.headers.get("User-Agent", ""),
        )  # fmt: skip
        return Response(
            PushSubscriptionOut(subscription).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PushSubscriptionDetailView(APIView):
    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request, subscription: str) -> Response:
        found = selectors.push_subscription_get(
            user=request_user(request), subscription_id=subscription
        )
        if found is None:
            raise NotFound
        services.push_subscription_delete(subscription=found)
        return Response(status=status.HTTP_204_NO_CONTENT)
