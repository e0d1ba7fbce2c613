"""Scheduled check-ins: rapid-cycle feedback once a service is running."""
