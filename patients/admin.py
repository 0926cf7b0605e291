from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from patients.models import (
    CaregiverLink,
    CareTeamContact,
    CareTeamMembership,
    Invite,
    Patient,
    User,
)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "role", "is_active", "is_staff", "last_login")
    list_filter = ("role", "is_active", "is_staff")
    fieldsets = (*(DjangoUserAdmin.fieldsets or ()), ("Hipwell", {"fields": ("role",)}))


class CareTeamInline(admin.TabularInline[CareTeamMembership, Patient]):
    model = CareTeamMembership
    fk_name = "patient"
    extra = 0
    raw_id_fields = ("clinician", "added_by")


class CareTeamContactInline(admin.StackedInline[CareTeamContact, Patient]):
    model = CareTeamContact
    extra = 0
    max_num = 1
    raw_id_fields = ("updated_by",)


@admin.register(Patient)
class PatientAdmin(admin.ModelAdmin[Patient]):
    # Operators manage accounts and care teams; diaries are not shown here on purpose.
    list_display = ("display_name", "affected_side", "weight_bearing", "timezone", "created_at")
    search_fields = ("display_name", "email")
    raw_id_fields = ("user",)
    inlines = (CareTeamInline, CareTeamContactInline)


@admin.register(CaregiverLink)
class CaregiverLinkAdmin(admin.ModelAdmin[CaregiverLink]):
    list_display = ("name", "patient", "caregiver", "accepted_at", "revoked_at")
    raw_id_fields = ("patient", "caregiver")


@admin.register(Invite)
class InviteAdmin(admin.ModelAdmin[Invite]):
    list_display = ("kind", "patient", "created_at", "expires_at", "used_at")
    readonly_fields = ("code_hash",)
    raw_id_fields = ("patient", "caregiver_link", "created_by", "used_by")
