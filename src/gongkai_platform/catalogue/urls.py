from django.urls import path

from gongkai_platform.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("items/", views.item_list, name="item_list"),
    path("items/new/", views.item_create, name="item_create"),
    path("items/overdue/", views.overdue, name="overdue"),
    path("items/<int:pk>/", views.item_detail, name="item_detail"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/review/", views.item_review, name="item_review"),
    path("items/<int:pk>/submit/", views.submit, name="submit"),
    path("items/<int:pk>/approve/", views.approve, name="approve"),
    path("items/<int:pk>/return/", views.return_item, name="return"),
    path("items/<int:pk>/sign/", views.sign, name="sign"),
    path("items/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("items/<int:pk>/validity/", views.change_validity, name="validity"),
    path("items/<int:pk>/redact/", views.redact, name="redact"),
    path("items/<int:pk>/classify-secret/", views.classify_secret, name="classify_secret"),
    path("items/<int:pk>/override/", views.override, name="override"),
    path("items/<int:pk>/attach/", views.attach, name="attach"),
    path("directory/", views.directory_page, name="directory"),
    path("deliveries/", views.delivery_list, name="deliveries"),
    path("guide/", views.guide_fields, name="guide_fields"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("attachments/<int:pk>/remove/", views.remove_attachment, name="remove_attachment"),
]
