from django.contrib import admin

from exercises.models import Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin[Exercise]):
    # Operators look after the library; plans, sessions and goals are clinical data
    # and are deliberately not shown here.
    list_display = ("name", "setting", "category", "min_weight_bearing", "is_builtin")
    list_filter = ("setting", "category", "min_weight_bearing", "is_builtin")
    search_fields = ("name", "slug")
    readonly_fields = ("slug", "is_builtin", "created_by", "created_at", "updated_at")
