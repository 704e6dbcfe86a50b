"""`glossbot` subcommands that work on the content without a chat: define, search, check,
quiz. Each module offers `HELP`, `add_arguments(parser)` and `run(config, args)`."""
