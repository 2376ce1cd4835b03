from briefing.cli import app

# Extraction's worker processes are spawned: they import this module again, and must not run the command.
if __name__ == "__main__":
    app(prog_name="briefing")
