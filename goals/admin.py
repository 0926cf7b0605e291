# Goals and measurements are clinical data: deliberately not shown in the admin,
# like plans and sessions (see exercises/admin.py).
