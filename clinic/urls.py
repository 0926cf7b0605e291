from django.urls import path

from clinic import api

urlpatterns = [path("caseload/", api.CaseloadView.as_view(), name="caseload")]
