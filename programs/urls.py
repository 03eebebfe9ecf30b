from programs.views import compute, equipment, programme, training

app_name = "programs"

# Each area keeps its own routes next to its views.
urlpatterns = (
    programme.urlpatterns + compute.urlpatterns + equipment.urlpatterns + training.urlpatterns
)
