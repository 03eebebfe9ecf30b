from programs.views import compute, equipment, programme

app_name = "programs"

# Each area keeps its own routes next to its views.
urlpatterns = programme.urlpatterns + compute.urlpatterns + equipment.urlpatterns
