"""btree_gist lets the booking exclusion constraint combine the equipment id (=) with the time
range (&&). No-op on SQLite: CreateExtension checks the connection's vendor itself."""

import django.contrib.postgres.operations
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("equipment", "0001_initial")]

    operations = [django.contrib.postgres.operations.BtreeGistExtension()]
