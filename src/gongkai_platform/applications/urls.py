from django.urls import path
from django.views.generic import RedirectView

from gongkai_platform import converters  # noqa: F401 (registers <year:...>)
from gongkai_platform.apidocs import swagger_view
from gongkai_platform.applications import carried_over_views, list_views, views
from gongkai_platform.applications.api_site import api

app_name = "applications"
urlpatterns = [
    path("", views.lookup, name="lookup"),
    path("apply/", views.apply, name="apply"),
    path("track/<str:tracking_number>/", views.track, name="track"),
    path("track/<str:tracking_number>/correct/", views.correct, name="correct"),
    path(
        "track/<str:tracking_number>/letters/<int:letter_pk>.<str:fmt>",
        views.public_letter,
        name="public_letter",
    ),
    path("track/<str:tracking_number>/files/<int:file_pk>/", views.public_file, name="public_file"),
    path("staff/", list_views.staff_list, name="staff_list"),
    path("staff/register.xlsx", list_views.register_xlsx, name="register_xlsx"),
    path("staff/register/print/", list_views.register_print, name="register_print"),
    path("staff/remind/", views.remind_now, name="remind_now"),
    path("staff/register/", views.staff_register, name="staff_register"),
    path(
        "staff/carried-over/<int:agency_pk>/<year:year>/",
        carried_over_views.carried_over_page,
        name="carried_over",
    ),
    path(
        "staff/carried-over/<int:agency_pk>/<year:year>/template.xlsx",
        carried_over_views.carried_over_template,
        name="carried_over_template",
    ),
    path("staff/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/<int:pk>/letters/<int:letter_pk>.<str:fmt>", views.staff_letter, name="staff_letter"),
    path("staff/<int:pk>/files/<int:file_pk>/", views.staff_file, name="staff_file"),
    path("staff/<int:pk>/publish/", views.staff_publish, name="staff_publish"),
    path("staff/<int:pk>/id-proof/", views.staff_id_proof, name="staff_id_proof"),
    path("staff/<int:pk>/appeal/", views.appeal_add, name="appeal_add"),
    path("staff/<int:pk>/<str:action>/", views.staff_action, name="staff_action"),
    path("staff/appeals/<int:appeal_pk>/conclude/", views.appeal_conclude, name="appeal_conclude"),
    path("staff/report/<int:agency_pk>/<year:year>/", views.staff_table3, name="staff_table3"),
    path("api/", RedirectView.as_view(pattern_name="applications:api:openapi-view"), name="api_index"),
    path("api/docs/swagger/", swagger_view(api), name="api_swagger"),
    path("api/", api.urls),
]
