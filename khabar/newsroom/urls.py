from django.urls import path

from khabar.newsroom import preview

app_name = "newsroom"

urlpatterns = [
    path("<str:token>", preview.private_preview, name="preview"),
]
