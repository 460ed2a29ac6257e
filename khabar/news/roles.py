"""The newsroom's roles: Django groups and the permissions each one holds.

The groups are made by the data migration `0003_newsroom_roles` (its own copy
of these tables, as migrations must not import live code). The names are the
Persian ones people see in the admin.
"""

REPORTER = "خبرنگار"
EDITOR = "دبیر"
CHIEF_EDITOR = "سردبیر"
ADMIN = "مدیر سامانه"
