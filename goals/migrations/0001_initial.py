"""Take over the goal and measurement tables from the exercises app, state only."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("exercises", "0002_load_library"),
        ("patients", "0002_patient_validators"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables exist already (created by exercises.0001_initial): only Django's
    # idea of which app owns them changes. exercises.0003 drops them from the
    # exercises state without touching the database; no row is copied or lost.
    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Goal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "metric",
                            models.CharField(
                                choices=[
                                    ("walking_distance_m", "Comfortable walking distance (m)"),
                                    ("pain_rest", "Pain at rest"),
                                    ("pain_activity", "Pain on activity"),
                                    ("pain_night", "Night pain"),
                                    ("stiffness", "Stiffness"),
                                    ("sleep_interference", "Sleep interference"),
                                    ("mood", "Low mood or stress"),
                                    ("rom_flexion", "Hip flexion (degrees)"),
                                    ("rom_extension", "Hip extension (degrees)"),
                                    ("rom_abduction", "Hip abduction (degrees)"),
                                    ("rom_adduction", "Hip adduction (degrees)"),
                                    ("rom_internal_rotation", "Hip internal rotation (degrees)"),
                                    ("rom_external_rotation", "Hip external rotation (degrees)"),
                                    ("sessions_per_week", "Exercise sessions per week"),
                                ],
                                max_length=32,
                            ),
                        ),
                        (
                            "side",
                            models.CharField(
                                blank=True,
                                choices=[("left", "Left"), ("right", "Right")],
                                max_length=8,
                                null=True,
                            ),
                        ),
                        ("title", models.CharField(max_length=200)),
                        ("baseline", models.FloatField()),
                        ("target", models.FloatField()),
                        ("due_date", models.DateField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("achieved_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "patient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="goals",
                                to="patients.patient",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "exercises_goal",
                        "ordering": ["due_date", "id"],
                    },
                ),
                migrations.CreateModel(
                    name="GoalMilestone",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("percent", models.PositiveSmallIntegerField()),
                        ("value", models.FloatField()),
                        ("reached_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "goal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="milestones",
                                to="goals.goal",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "exercises_goalmilestone",
                        "ordering": ["goal", "percent"],
                    },
                ),
                migrations.CreateModel(
                    name="RomMeasurement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        (
                            "movement",
                            models.CharField(
                                choices=[
                                    ("flexion", "Hip flexion"),
                                    ("extension", "Hip extension"),
                                    ("abduction", "Hip abduction"),
                                    ("adduction", "Hip adduction"),
                                    ("internal_rotation", "Hip internal rotation"),
                                    ("external_rotation", "Hip external rotation"),
                                ],
                                max_length=24,
                            ),
                        ),
                        (
                            "side",
                            models.CharField(
                                choices=[("left", "Left"), ("right", "Right")], max_length=8
                            ),
                        ),
                        ("degrees", models.PositiveSmallIntegerField()),
                        ("measured_on", models.DateField()),
                        ("note", models.CharField(blank=True, default="", max_length=500)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "patient",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="rom_measurements",
                                to="patients.patient",
                            ),
                        ),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "db_table": "exercises_rommeasurement",
                        "ordering": ["-measured_on", "-id"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="goal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "metric__in",
                                [
                                    "walking_distance_m",
                                    "pain_rest",
                                    "pain_activity",
                                    "pain_night",
                                    "stiffness",
                                    "sleep_interference",
                                    "mood",
                                    "rom_flexion",
                                    "rom_extension",
                                    "rom_abduction",
                                    "rom_adduction",
                                    "rom_internal_rotation",
                                    "rom_external_rotation",
                                    "sessions_per_week",
                                ],
                            )
                        ),
                        name="goal_metric_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="goal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("title", ""), _negated=True), name="goal_title_set"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="goal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("baseline", models.F("target")), _negated=True),
                        name="goal_target_differs_from_baseline",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="goal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("baseline__gte", 0),
                            ("target__gte", 0),
                            models.Q(
                                models.Q(
                                    ("baseline__lte", 10),
                                    ("metric", "pain_rest"),
                                    ("target__lte", 10),
                                ),
                                models.Q(
                                    ("baseline__lte", 10),
                                    ("metric", "pain_activity"),
                                    ("target__lte", 10),
                                ),
                                models.Q(
                                    ("baseline__lte", 10),
                                    ("metric", "pain_night"),
                                    ("target__lte", 10),
                                ),
                                models.Q(
                                    ("baseline__lte", 10),
                                    ("metric", "stiffness"),
                                    ("target__lte", 10),
                                ),
                                models.Q(
                                    ("baseline__lte", 10),
                                    ("metric", "sleep_interference"),
                                    ("target__lte", 10),
                                ),
                                models.Q(
                                    ("baseline__lte", 10), ("metric", "mood"), ("target__lte", 10)
                                ),
                                models.Q(
                                    ("baseline__lte", 180),
                                    ("metric", "rom_flexion"),
                                    ("target__lte", 180),
                                ),
                                models.Q(
                                    ("baseline__lte", 180),
                                    ("metric", "rom_extension"),
                                    ("target__lte", 180),
                                ),
                                models.Q(
                                    ("baseline__lte", 180),
                                    ("metric", "rom_abduction"),
                                    ("target__lte", 180),
                                ),
                                models.Q(
                                    ("baseline__lte", 180),
                                    ("metric", "rom_adduction"),
                                    ("target__lte", 180),
                                ),
                                models.Q(
                                    ("baseline__lte", 180),
                                    ("metric", "rom_internal_rotation"),
                                    ("target__lte", 180),
                                ),
                                models.Q(
                                    ("baseline__lte", 180),
                                    ("metric", "rom_external_rotation"),
                                    ("target__lte", 180),
                                ),
                                models.Q(
                                    ("baseline__lte", 50000),
                                    ("metric", "walking_distance_m"),
                                    ("target__lte", 50000),
                                ),
                                models.Q(
                                    ("baseline__lte", 50),
                                    ("metric", "sessions_per_week"),
                                    ("target__lte", 50),
                                ),
                                _connector="OR",
                            ),
                        ),
                        name="goal_values_within_metric_range",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="goal",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            models.Q(
                                (
                                    "metric__in",
                                    (
                                        "rom_flexion",
                                        "rom_extension",
                                        "rom_abduction",
                                        "rom_adduction",
                                        "rom_internal_rotation",
                                        "rom_external_rotation",
                                    ),
                                ),
                                ("side__in", ["left", "right"]),
                                ("side__isnull", False),
                            ),
                            models.Q(
                                models.Q(
                                    (
                                        "metric__in",
                                        (
                                            "rom_flexion",
                                            "rom_extension",
                                            "rom_abduction",
                                            "rom_adduction",
                                            "rom_internal_rotation",
                                            "rom_external_rotation",
                                        ),
                                    ),
                                    _negated=True,
                                ),
                                ("side__isnull", True),
                            ),
                            _connector="OR",
                        ),
                        name="goal_side_iff_rom",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="goalmilestone",
                    constraint=models.UniqueConstraint(
                        fields=("goal", "percent"), name="goal_milestone_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="goalmilestone",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("percent__in", (25, 50, 75, 100))),
                        name="goal_milestone_percent_valid",
                    ),
                ),
                migrations.AddIndex(
                    model_name="rommeasurement",
                    index=models.Index(
                        fields=["patient", "movement", "side", "-measured_on"],
                        name="exercises_r_patient_25ff61_idx",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="rommeasurement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            (
                                "movement__in",
                                [
                                    "flexion",
                                    "extension",
                                    "abduction",
                                    "adduction",
                                    "internal_rotation",
                                    "external_rotation",
                                ],
                            )
                        ),
                        name="rom_movement_valid",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="rommeasurement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("side__in", ["left", "right"])), name="rom_side_valid"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="rommeasurement",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("degrees__lte", 180)), name="rom_degrees_range"
                    ),
                ),
            ],
        ),
    ]
