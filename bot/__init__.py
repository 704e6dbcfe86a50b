"""The platform-agnostic core of glossbot. It never imports a platform SDK."""
