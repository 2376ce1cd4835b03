"""`python -m briefing` and the `briefing` command."""

import gc

from briefing import patterns


def main() -> None:
    # Loading the modules makes almost nothing the collector could free, yet at its default pace
    # it ran a hundred times over them (18 ms of a cold build). The command sets its own pace
    # once they are loaded (`briefing.cli`).
    gc.disable()
    with patterns.kept():
        from briefing.cli import app

        app(prog_name="briefing")


if __name__ == "__main__":
    main()
