"""The local sandbox: the real bot against the Bot API emulator, in a phone-like web page.

`tandem sandbox` (and `tandem run` without a token) starts it; see `bot.sandbox.runner`.
"""

from bot.sandbox.cast import DEFAULT_CAST, Person, Role
from bot.sandbox.runner import Sandbox, SandboxOptions, run_sandbox, sandbox_settings

__all__ = [
    "DEFAULT_CAST",
    "Person",
    "Role",
    "Sandbox",
    "SandboxOptions",
    "run_sandbox",
    "sandbox_settings",
]
