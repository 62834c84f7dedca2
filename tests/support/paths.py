"""Where the tests find the repository, its fixtures and the shared specs."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
SPECS = ROOT.parent / "shared" / "specs"
