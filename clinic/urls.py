from django.urls import path, re_path

from clinic import api, charts_api

urlpatterns = [
    path("caseload/", api.CaseloadView.as_view(), name="caseload"),
    re_path(
        r"^patients/(?P<patient>[^/]+)/charts/(?P<kind>symptoms|walking)\.(?P<fmt>png|svg)$",
        charts_api.ChartView.as_view(),
        name="chart",
    ),
    path("patients/<str:patient>/report.pdf", charts_api.ReportView.as_view(), name="report"),
]
