"""The staff dashboard (issue 16): server-rendered pages in the bot's own aiohttp server."""

from bot.dashboard.app import DashboardSite, build_dashboard_app, mount_dashboard

__all__ = ["DashboardSite", "build_dashboard_app", "mount_dashboard"]
