"""The built-in exercise library, as plain data.

Each entry is a land or aquatic exercise commonly used in the conservative care of
hip osteonecrosis: low-impact aerobic work, strengthening of the gluteal muscles,
hip abductors and core, range of motion, gait patterns, balance, and aquatic work
where buoyancy unloads the hip. Doses are deliberately modest starting points for
conservative care; the physiotherapist adjusts them per patient.

``min_weight_bearing`` is the *least* weight-bearing status under which the exercise
is reasonable: an exercise marked "protected" suits everyone, one marked "full"
only patients cleared for full weight-bearing. Deeper water carries less body
weight, which is why chest- and deep-water work is "protected" while waist-depth
walking is "partial".

No Django imports here: a data-migration or management command turns these seeds
into rows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

SETTINGS: tuple[str, ...] = ("land", "aquatic")

LAND_CATEGORIES: tuple[str, ...] = (
    "strength",
    "range_of_motion",
    "aerobic",
    "gait",
    "balance",
)
AQUATIC_CATEGORIES: tuple[str, ...] = (
    "aquatic_walking",
    "aquatic_mobility",
    "aquatic_balance",
    "aquatic_aerobic",
    "aquatic_resistance",
)
CATEGORIES: tuple[str, ...] = LAND_CATEGORIES + AQUATIC_CATEGORIES

# Ordered from least to most load through the hip.
WEIGHT_BEARING_LEVELS: tuple[str, ...] = ("protected", "partial", "full")

WATER_DEPTHS: tuple[str, ...] = ("waist", "chest", "deep")

_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True, kw_only=True)
class ExerciseSeed:
    slug: str
    name: str
    setting: str
    category: str
    target_muscles: tuple[str, ...]
    instructions: str
    cautions: str
    min_weight_bearing: str
    default_sets: int | None = None
    default_reps: int | None = None
    default_hold_seconds: int | None = None
    default_minutes: int | None = None
    default_per_week: int
    water_depth: str | None = None


_STOP_LAND = "Stop if pain goes above your agreed limit or is sharp, or if the hip gives way."
_STOP_WATER = (
    "Stop and rest at the side if pain goes above your agreed limit or is sharp, "
    "or if you feel unsteady."
)

EXERCISES: tuple[ExerciseSeed, ...] = (
    # ------------------------------------------------------------------ land: strength
    ExerciseSeed(
        slug="glute-bridge",
        name="Glute bridge",
        setting="land",
        category="strength",
        target_muscles=("gluteus maximus", "hamstrings", "core"),
        instructions=(
            "Lie on your back with both knees bent and feet flat. "
            "Tighten your tummy and squeeze your buttocks. "
            "Lift your hips a little off the bed or floor, hold briefly, then lower slowly."
        ),
        cautions=(
            "Lift only as high as feels comfortable and keep pain within your limit. " + _STOP_LAND
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_hold_seconds=3,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="clamshell",
        name="Clamshell",
        setting="land",
        category="strength",
        target_muscles=("gluteus medius", "deep hip rotators"),
        instructions=(
            "Lie on your side with hips and knees bent and your feet together. "
            "Keep your feet touching and lift the top knee a little, like a shell opening. "
            "Lower it slowly. Do not let your hips roll backwards."
        ),
        cautions=(
            "Keep the movement small and pain-tolerable. If lying on one side hurts the hip, "
            "put a pillow between your knees or skip this one and tell your physiotherapist."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="prone-hip-extension",
        name="Prone hip extension",
        setting="land",
        category="strength",
        target_muscles=("gluteus maximus", "hamstrings"),
        instructions=(
            "Lie on your front with a pillow under your tummy. "
            "Keep your knee straight and lift one leg a few centimetres off the bed. "
            "Hold for a moment, lower slowly, then swap legs."
        ),
        cautions=("Keep the lift low so your back does not arch. " + _STOP_LAND),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=8,
        default_hold_seconds=2,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="isometric-glute-squeeze",
        name="Buttock squeeze (isometric)",
        setting="land",
        category="strength",
        target_muscles=("gluteus maximus", "gluteus medius"),
        instructions=(
            "Sit or lie in a comfortable position. "
            "Squeeze your buttocks together firmly without moving your legs. "
            "Hold, then relax fully before the next squeeze."
        ),
        cautions=(
            "Squeeze gently at first; this should not increase hip pain. "
            "Stop if it does and mention it at your next visit."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_hold_seconds=5,
        default_per_week=7,
    ),
    ExerciseSeed(
        slug="side-lying-hip-abduction",
        name="Side-lying leg lift",
        setting="land",
        category="strength",
        target_muscles=("gluteus medius", "gluteus minimus", "tensor fasciae latae"),
        instructions=(
            "Lie on your side with the lower knee bent for balance. "
            "Keep the top leg straight and in line with your body. "
            "Lift it slowly towards the ceiling, pause, and lower it with control."
        ),
        cautions=(
            "Lift only a short way and keep your toes pointing forward, not up. " + _STOP_LAND
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="standing-hip-abduction-supported",
        name="Standing side leg lift with support",
        setting="land",
        category="strength",
        target_muscles=("gluteus medius", "gluteus minimus"),
        instructions=(
            "Stand tall holding a worktop or sturdy chair with both hands. "
            "Lift the leg out to the side, keeping your body upright and toes forward. "
            "Lower it slowly and repeat."
        ),
        cautions=(
            "Keep your weight on the leg you were told to stand on and always hold on. "
            + _STOP_LAND
        ),
        min_weight_bearing="partial",
        default_sets=2,
        default_reps=10,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="lateral-band-walk",
        name="Side steps with a band",
        setting="land",
        category="strength",
        target_muscles=("gluteus medius", "gluteus minimus"),
        instructions=(
            "Put a light resistance band around your legs just above the knees. "
            "Bend your knees slightly and stand near a worktop for support. "
            "Take small steps to the side, then step back the other way."
        ),
        cautions=(
            "Use the lightest band and small steps; this loads the hip more than other "
            "exercises. " + _STOP_LAND
        ),
        min_weight_bearing="full",
        default_sets=2,
        default_reps=8,
        default_per_week=2,
    ),
    ExerciseSeed(
        slug="abdominal-bracing",
        name="Tummy bracing",
        setting="land",
        category="strength",
        target_muscles=("transversus abdominis", "pelvic floor"),
        instructions=(
            "Lie on your back with knees bent. "
            "Gently draw your belly button in towards your spine while breathing normally. "
            "Hold, then let go slowly."
        ),
        cautions=(
            "Keep breathing throughout and do not hold your breath. "
            "This should be comfortable; stop if it brings on hip or back pain."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_hold_seconds=5,
        default_per_week=7,
    ),
    ExerciseSeed(
        slug="dead-bug",
        name="Dead bug (modified)",
        setting="land",
        category="strength",
        target_muscles=("transversus abdominis", "rectus abdominis", "obliques"),
        instructions=(
            "Lie on your back with knees bent and feet flat. "
            "Brace your tummy and raise one arm over your head, then lower it. "
            "When that is easy, slowly slide one heel along the floor at the same time."
        ),
        cautions=("Keep your lower back resting on the floor and move slowly. " + _STOP_LAND),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=8,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="bird-dog-modified",
        name="Bird-dog (modified)",
        setting="land",
        category="strength",
        target_muscles=("erector spinae", "transversus abdominis", "gluteus maximus"),
        instructions=(
            "Kneel on a soft mat on hands and knees. "
            "Brace your tummy and reach one arm forward, then return it. "
            "If comfortable, slide one leg back along the mat instead of lifting it high."
        ),
        cautions=(
            "Put a cushion under your knees and keep your back level. "
            "Skip kneeling if it hurts the hip and tell your physiotherapist."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=8,
        default_hold_seconds=3,
        default_per_week=3,
    ),
    # ----------------------------------------------------------- land: range of motion
    ExerciseSeed(
        slug="heel-slides",
        name="Heel slides",
        setting="land",
        category="range_of_motion",
        target_muscles=("hip flexors", "hamstrings"),
        instructions=(
            "Lie on your back with your legs straight. "
            "Slowly slide one heel towards your bottom, bending the hip and knee. "
            "Slide it back out straight and relax."
        ),
        cautions=("Bend only as far as is comfortable; a gentle stretch is fine. " + _STOP_LAND),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=7,
    ),
    ExerciseSeed(
        slug="supine-hip-rotation",
        name="Lying hip rolls",
        setting="land",
        category="range_of_motion",
        target_muscles=("hip rotators",),
        instructions=(
            "Lie on your back with your legs straight and slightly apart. "
            "Roll the whole leg gently so your toes point inwards, then outwards. "
            "Move slowly and keep it relaxed."
        ),
        cautions=(
            "Rotation can be the stiffest movement, so keep it small and pain-free. " + _STOP_LAND
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=7,
    ),
    ExerciseSeed(
        slug="seated-hip-flexion",
        name="Seated knee lifts",
        setting="land",
        category="range_of_motion",
        target_muscles=("iliopsoas", "rectus femoris"),
        instructions=(
            "Sit tall on a firm chair with your feet flat. "
            "Lift one knee a few centimetres towards the ceiling, then lower it slowly. "
            "Swap legs and keep your back straight."
        ),
        cautions=(
            "Do not lean back to lift higher; stay within a comfortable range. " + _STOP_LAND
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=7,
    ),
    ExerciseSeed(
        slug="gentle-hip-circles",
        name="Gentle hip circles (lying)",
        setting="land",
        category="range_of_motion",
        target_muscles=("hip flexors", "hip rotators", "gluteus medius"),
        instructions=(
            "Lie on your back with one knee bent and that foot flat. "
            "Slide the other heel to draw a small, slow circle on the bed. "
            "Go one way, then the other, then swap legs."
        ),
        cautions=("Keep circles small and smooth, never forced. " + _STOP_LAND),
        min_weight_bearing="protected",
        default_sets=1,
        default_reps=8,
        default_per_week=7,
    ),
    # ------------------------------------------------------------------- land: aerobic
    ExerciseSeed(
        slug="stationary-cycling",
        name="Exercise bike",
        setting="land",
        category="aerobic",
        target_muscles=("quadriceps", "gluteus maximus", "hamstrings"),
        instructions=(
            "Set the seat high enough that your knee is only slightly bent at the bottom. "
            "Pedal at an easy pace with little or no resistance. "
            "Aim for a level where you can still talk."
        ),
        cautions=(
            "Keep resistance low and effort moderate (about 3-4 out of 10). "
            "Stop if hip pain goes above your limit or you feel dizzy or short of breath."
        ),
        min_weight_bearing="protected",
        default_minutes=10,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="upper-body-ergometer",
        name="Arm bike",
        setting="land",
        category="aerobic",
        target_muscles=("shoulders", "upper back", "arms"),
        instructions=(
            "Sit upright at the arm bike with your feet supported. "
            "Turn the handles at a steady, easy pace. "
            "This raises your heart rate without loading the hip."
        ),
        cautions=(
            "Keep effort moderate so you can still talk. "
            "Stop if you feel chest pain, dizziness or unusual breathlessness."
        ),
        min_weight_bearing="protected",
        default_minutes=10,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="walking-programme",
        name="Walking programme",
        setting="land",
        category="aerobic",
        target_muscles=("gluteus maximus", "gluteus medius", "calf muscles"),
        instructions=(
            "Walk on flat, even ground at a comfortable pace. "
            "Use your walking aid if one has been advised. "
            "Build up the time slowly, a few minutes at a time, "
            "as agreed with your physiotherapist."
        ),
        cautions=(
            "Stop and rest if pain rises above your limit or you start to limp more. "
            "Do not push through a new limp or the hip giving way."
        ),
        min_weight_bearing="partial",
        default_minutes=10,
        default_per_week=5,
    ),
    # ---------------------------------------------------------------------- land: gait
    ExerciseSeed(
        slug="sit-to-stand",
        name="Sit to stand",
        setting="land",
        category="gait",
        target_muscles=("quadriceps", "gluteus maximus"),
        instructions=(
            "Sit near the front of a firm chair with arms, feet slightly apart. "
            "Lean forward a little and push up through your legs, using the armrests. "
            "Stand tall, then reach back for the armrests and sit down slowly."
        ),
        cautions=(
            "Use a higher seat if a low one hurts, and keep weight even on both feet. " + _STOP_LAND
        ),
        min_weight_bearing="partial",
        default_sets=2,
        default_reps=8,
        default_per_week=5,
    ),
    ExerciseSeed(
        slug="stair-pattern",
        name="Stairs: up with the good, down with the bad",
        setting="land",
        category="gait",
        target_muscles=("quadriceps", "gluteus maximus", "gluteus medius"),
        instructions=(
            "Hold the handrail and your stick or crutch. "
            "Going up, step first with your stronger leg, then bring up the sore leg and the aid. "
            "Going down, put the aid and the sore leg down first, then the stronger leg. "
            "Take one step at a time."
        ),
        cautions=(
            "Practise on a few steps with someone nearby until you feel steady. "
            "Stop if you feel unsteady or the hip gives way."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=4,
        default_per_week=3,
    ),
    ExerciseSeed(
        slug="safe-turning",
        name="Safe turning",
        setting="land",
        category="gait",
        target_muscles=("hip rotators", "gluteus medius"),
        instructions=(
            "When you turn round, take several small steps instead of twisting on one foot. "
            "Keep your walking aid moving with you. "
            "Practise turning both ways in a clear space."
        ),
        cautions=(
            "Avoid pivoting on the sore leg. Stop if the hip catches, gives way or pain is sharp."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=4,
        default_per_week=5,
    ),
    ExerciseSeed(
        slug="gait-training-with-aid",
        name="Walking practice with your aid",
        setting="land",
        category="gait",
        target_muscles=("gluteus medius", "gluteus maximus", "core"),
        instructions=(
            "Hold your stick or crutch as your physiotherapist showed you. "
            "Move the aid and the sore leg forward together, then step through with the other leg. "
            "Aim for even, unhurried steps and an upright posture."
        ),
        cautions=(
            "Keep to the weight-bearing you have been advised. "
            "Stop if pain rises above your limit or your limp gets worse."
        ),
        min_weight_bearing="protected",
        default_minutes=5,
        default_per_week=5,
    ),
    # ------------------------------------------------------------------- land: balance
    ExerciseSeed(
        slug="supported-weight-shifts",
        name="Weight shifts with support",
        setting="land",
        category="balance",
        target_muscles=("gluteus medius", "core", "ankle stabilisers"),
        instructions=(
            "Stand with feet hip-width apart, holding a worktop. "
            "Slowly shift your weight towards one foot, then back to the middle. "
            "Repeat to the other side, only as far as is comfortable."
        ),
        cautions=(
            "Shift only as much weight onto the sore leg as you have been advised. " + _STOP_LAND
        ),
        min_weight_bearing="partial",
        default_sets=2,
        default_reps=10,
        default_per_week=5,
    ),
    ExerciseSeed(
        slug="tandem-stance-supported",
        name="Heel-to-toe stand with support",
        setting="land",
        category="balance",
        target_muscles=("gluteus medius", "ankle stabilisers", "core"),
        instructions=(
            "Stand next to a worktop and hold on. "
            "Place one foot directly in front of the other, heel to toe. "
            "Stand still and upright for the set time, then swap feet."
        ),
        cautions=(
            "Keep a hand on the support the whole time. Stop if you feel unsteady or pain is sharp."
        ),
        min_weight_bearing="partial",
        default_sets=1,
        default_reps=3,
        default_hold_seconds=20,
        default_per_week=5,
    ),
    ExerciseSeed(
        slug="single-leg-stance-supported",
        name="Standing on one leg with support",
        setting="land",
        category="balance",
        target_muscles=("gluteus medius", "gluteus minimus", "ankle stabilisers"),
        instructions=(
            "Hold a worktop with both hands. "
            "Lift one foot just off the floor and stand tall on the other leg. "
            "Hold, then lower the foot. Use as little hand support as you safely can."
        ),
        cautions=(
            "Only stand on the sore leg if you have been cleared for full weight-bearing. "
            + _STOP_LAND
        ),
        min_weight_bearing="full",
        default_sets=1,
        default_reps=3,
        default_hold_seconds=15,
        default_per_week=5,
    ),
    # ----------------------------------------------------------------- aquatic: walking
    ExerciseSeed(
        slug="water-walking-forwards",
        name="Water walking forwards",
        setting="aquatic",
        category="aquatic_walking",
        target_muscles=("hip flexors", "gluteus maximus", "quadriceps"),
        instructions=(
            "Stand in chest-deep water near the pool wall. "
            "Walk forwards with normal, even steps, landing heel first. "
            "Swing your arms gently and stand tall."
        ),
        cautions=("Start slowly while your body gets used to the water. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_minutes=5,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="water-walking-sideways",
        name="Water walking sideways",
        setting="aquatic",
        category="aquatic_walking",
        target_muscles=("gluteus medius", "hip adductors"),
        instructions=(
            "Stand in chest-deep water facing the pool wall. "
            "Step sideways along the wall, bringing your feet together after each step. "
            "Go one way, then come back the other way."
        ),
        cautions=("Keep your toes pointing forward and the steps small. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_minutes=3,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="water-walking-backwards",
        name="Water walking backwards",
        setting="aquatic",
        category="aquatic_walking",
        target_muscles=("gluteus maximus", "hamstrings"),
        instructions=(
            "Stand in chest-deep water with one hand on the pool rail. "
            "Walk backwards slowly, reaching back with your toes first. "
            "Look over your shoulder to check the way is clear."
        ),
        cautions=("Keep close to the wall so you can hold on. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_minutes=3,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="water-marching",
        name="Marching in water",
        setting="aquatic",
        category="aquatic_walking",
        target_muscles=("iliopsoas", "quadriceps", "core"),
        instructions=(
            "Stand in chest-deep water holding the rail. "
            "March on the spot, lifting each knee to a comfortable height. "
            "Keep a steady rhythm and stand tall."
        ),
        cautions=("Lift the knees only as high as is comfortable. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_minutes=3,
        default_per_week=2,
        water_depth="chest",
    ),
    # ---------------------------------------------------------------- aquatic: mobility
    ExerciseSeed(
        slug="aquatic-hip-flexion",
        name="Forward leg swing in water",
        setting="aquatic",
        category="aquatic_mobility",
        target_muscles=("iliopsoas", "rectus femoris"),
        instructions=(
            "Stand side-on to the pool wall and hold the rail. "
            "Keep the outer leg fairly straight and swing it slowly forwards. "
            "Let it come back to the middle, then repeat and swap sides."
        ),
        cautions=("Let the water support the leg and do not force the range. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="aquatic-hip-extension",
        name="Backward leg swing in water",
        setting="aquatic",
        category="aquatic_mobility",
        target_muscles=("gluteus maximus", "hamstrings"),
        instructions=(
            "Stand facing the pool wall and hold the rail. "
            "Move one leg slowly backwards, keeping your body upright. "
            "Bring it back to the middle and repeat, then swap legs."
        ),
        cautions=("Do not arch your back to take the leg further. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="aquatic-hip-abduction",
        name="Side leg swing in water",
        setting="aquatic",
        category="aquatic_mobility",
        target_muscles=("gluteus medius", "gluteus minimus"),
        instructions=(
            "Stand facing the pool wall and hold the rail. "
            "Move one leg out to the side with toes pointing forward. "
            "Bring it back to the middle slowly, then swap legs."
        ),
        cautions=("Keep the movement smooth and within a comfortable range. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="aquatic-knee-to-chest",
        name="Knee to chest in water",
        setting="aquatic",
        category="aquatic_mobility",
        target_muscles=("iliopsoas", "gluteus maximus", "lower back"),
        instructions=(
            "Stand with your back against the pool wall, holding the rail. "
            "Bring one knee up towards your chest as far as is comfortable. "
            "Lower it slowly and repeat with the other leg."
        ),
        cautions=(
            "Deep hip bending can pinch; stop short of any sharp or pinching pain. "
            "Rest at the side if you feel unsteady."
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=8,
        default_per_week=2,
        water_depth="chest",
    ),
    # ----------------------------------------------------------------- aquatic: balance
    ExerciseSeed(
        slug="aquatic-standing-balance",
        name="Standing balance in water",
        setting="aquatic",
        category="aquatic_balance",
        target_muscles=("gluteus medius", "core", "ankle stabilisers"),
        instructions=(
            "Stand in chest-deep water near the wall with feet together. "
            "Let go of the rail if you feel steady and hold still. "
            "When that is easy, lift one foot slightly and balance on the other."
        ),
        cautions=("Keep a hand close to the rail. Stop if you feel unsteady or pain is sharp."),
        min_weight_bearing="protected",
        default_sets=1,
        default_reps=3,
        default_hold_seconds=20,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="aquatic-tandem-walk",
        name="Heel-to-toe walk in water",
        setting="aquatic",
        category="aquatic_balance",
        target_muscles=("gluteus medius", "ankle stabilisers", "core"),
        instructions=(
            "Walk along the pool wall in waist-deep water. "
            "Place the heel of one foot just in front of the toes of the other. "
            "Move slowly and keep a hand near the rail."
        ),
        cautions=("Waist-deep water carries more of your weight than deeper water. " + _STOP_WATER),
        min_weight_bearing="partial",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="waist",
    ),
    # ----------------------------------------------------------------- aquatic: aerobic
    ExerciseSeed(
        slug="deep-water-running",
        name="Deep-water running",
        setting="aquatic",
        category="aquatic_aerobic",
        target_muscles=("hip flexors", "gluteus maximus", "hamstrings", "core"),
        instructions=(
            "Wear a flotation belt in water too deep to touch the bottom. "
            "Move your legs as if jogging and swing your arms, keeping your body upright. "
            "Go at an easy pace where you can still talk."
        ),
        cautions=(
            "Only do this with a flotation belt and a lifeguard or helper nearby. "
            "Stop if pain goes above your limit or you feel short of breath."
        ),
        min_weight_bearing="protected",
        default_minutes=10,
        default_per_week=2,
        water_depth="deep",
    ),
    ExerciseSeed(
        slug="aqua-cycling",
        name="Aqua cycling",
        setting="aquatic",
        category="aquatic_aerobic",
        target_muscles=("quadriceps", "gluteus maximus", "hamstrings"),
        instructions=(
            "Sit on the pool bike so the water is around chest height. "
            "Pedal at a steady, easy pace. "
            "Keep your back straight and breathe normally."
        ),
        cautions=("Keep effort moderate (about 3-4 out of 10). " + _STOP_WATER),
        min_weight_bearing="protected",
        default_minutes=10,
        default_per_week=2,
        water_depth="chest",
    ),
    # -------------------------------------------------------------- aquatic: resistance
    ExerciseSeed(
        slug="aquatic-noodle-leg-press",
        name="Noodle leg press",
        setting="aquatic",
        category="aquatic_resistance",
        target_muscles=("gluteus maximus", "quadriceps", "hamstrings"),
        instructions=(
            "Hold the rail and place one foot in the middle of a pool noodle. "
            "Slowly push the noodle down towards the pool floor, keeping the knee soft. "
            "Let it float back up under control."
        ),
        cautions=(
            "Push only as far as is comfortable and keep the other foot steady. " + _STOP_WATER
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=8,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="aquatic-dumbbell-push-pull",
        name="Float dumbbell push and pull",
        setting="aquatic",
        category="aquatic_resistance",
        target_muscles=("core", "shoulders", "chest", "upper back"),
        instructions=(
            "Stand in chest-deep water holding a foam dumbbell in each hand. "
            "Brace your tummy and push the dumbbells slowly down to your sides, "
            "then let them rise back up. Keep your body still and upright."
        ),
        cautions=(
            "Use small foam weights and slow movements; stand with feet apart for balance. "
            + _STOP_WATER
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="aquatic-webbed-glove-sweeps",
        name="Arm sweeps with webbed gloves",
        setting="aquatic",
        category="aquatic_resistance",
        target_muscles=("core", "shoulders", "upper back"),
        instructions=(
            "Wear webbed gloves and stand in chest-deep water with feet apart. "
            "Sweep your arms forward and back through the water at chest height. "
            "Keep your hips still and your tummy gently braced."
        ),
        cautions=(
            "Go slower to make it easier; the faster you move, the harder the water pushes. "
            + _STOP_WATER
        ),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="chest",
    ),
    ExerciseSeed(
        slug="water-squats",
        name="Water mini squats",
        setting="aquatic",
        category="aquatic_resistance",
        target_muscles=("quadriceps", "gluteus maximus"),
        instructions=(
            "Stand in chest-deep water holding the rail, feet hip-width apart. "
            "Bend your knees a little as if sitting back onto a high stool. "
            "Push back up to standing slowly."
        ),
        cautions=("Keep the squat shallow and your weight even on both feet. " + _STOP_WATER),
        min_weight_bearing="protected",
        default_sets=2,
        default_reps=10,
        default_per_week=2,
        water_depth="chest",
    ),
)


def _level(weight_bearing: str) -> int:
    return WEIGHT_BEARING_LEVELS.index(weight_bearing)


def suitable_for(
    weight_bearing: str, items: Iterable[ExerciseSeed] = EXERCISES
) -> tuple[ExerciseSeed, ...]:
    """The exercises whose minimum weight-bearing is within the patient's status.

    A patient on "partial" weight-bearing can do "protected" and "partial" items.
    """
    if weight_bearing not in WEIGHT_BEARING_LEVELS:
        raise ValueError(f"unknown weight-bearing status {weight_bearing!r}")
    limit = _level(weight_bearing)
    return tuple(
        item
        for item in items
        if item.min_weight_bearing in WEIGHT_BEARING_LEVELS
        and _level(item.min_weight_bearing) <= limit
    )


def validate_library(items: Iterable[ExerciseSeed]) -> list[str]:
    """Problems in a list of exercise seeds, one plain sentence each; [] when fine."""
    items = tuple(items)
    problems: list[str] = []

    counts = Counter(item.slug for item in items)
    for slug, count in counts.items():
        if count > 1:
            problems.append(f"{slug!r}: duplicate slug ({count} entries)")

    for index, item in enumerate(items):
        where = f"{item.slug!r}" if item.slug else f"item {index}"
        if not _SLUG_RE.match(item.slug):
            problems.append(f"{where}: slug is not kebab-case")
        if not item.name.strip():
            problems.append(f"{where}: empty name")
        if item.setting not in SETTINGS:
            problems.append(f"{where}: unknown setting {item.setting!r}")
        if item.category not in CATEGORIES:
            problems.append(f"{where}: unknown category {item.category!r}")
        elif item.setting == "land" and item.category not in LAND_CATEGORIES:
            problems.append(f"{where}: land exercise with aquatic category {item.category!r}")
        elif item.setting == "aquatic" and item.category not in AQUATIC_CATEGORIES:
            problems.append(f"{where}: aquatic exercise with land category {item.category!r}")
        if item.min_weight_bearing not in WEIGHT_BEARING_LEVELS:
            problems.append(f"{where}: unknown min_weight_bearing {item.min_weight_bearing!r}")
        if not item.target_muscles or any(not m.strip() for m in item.target_muscles):
            problems.append(f"{where}: target_muscles must be non-empty")
        if not item.instructions.strip():
            problems.append(f"{where}: empty instructions")
        if not item.cautions.strip():
            problems.append(f"{where}: empty cautions")

        if item.setting == "aquatic":
            if item.water_depth is None:
                problems.append(f"{where}: aquatic exercise without water_depth")
            elif item.water_depth not in WATER_DEPTHS:
                problems.append(f"{where}: unknown water_depth {item.water_depth!r}")
        elif item.setting == "land" and item.water_depth is not None:
            problems.append(f"{where}: land exercise with water_depth {item.water_depth!r}")

        doses = {
            "default_sets": item.default_sets,
            "default_reps": item.default_reps,
            "default_hold_seconds": item.default_hold_seconds,
            "default_minutes": item.default_minutes,
        }
        if all(value is None for value in doses.values()):
            problems.append(f"{where}: no dose (sets, reps, hold or minutes)")
        for field, value in doses.items():
            if value is not None and value < 1:
                problems.append(f"{where}: {field} must be at least 1, got {value}")
        if not 1 <= item.default_per_week <= 14:
            problems.append(f"{where}: default_per_week must be 1..14, got {item.default_per_week}")

    return problems
