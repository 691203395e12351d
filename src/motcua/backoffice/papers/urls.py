"""URLs of this area of the staff workspace (included by backoffice/urls.py)."""

urlpatterns = []
