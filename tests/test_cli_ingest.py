"""The ingest and analyze commands on folders mixing bad inputs with good articles."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from click.testing import Result
from typer.testing import CliRunner

from sourcetrace.cli.app import app

runner = CliRunner()

GOOD = {
    "one.txt": "The port authority said on Monday that the harbour would reopen on Friday.",
    "two.md": "---\ntitle: Harbour\npublished: 2025-03-03\nurl: https://www.harbourherald.com/a\n---\n"
    "Fishermen said the closure had cost them a week of work, according to their union.\n",
    "three.jsonl": '{"text": "The minister denied that the harbour had been closed for political reasons."}\n'
    "{not json\n",
}
BAD = {
    "empty.txt": b"",
    "binary.txt": bytes(range(256)) * 4,
    "photo.png": b"\x89PNG\r\n\x1a\n",
    "broken.md": b"---\ntitle: [oops\n---\nThe body survives, the editor said.\n",
    "legacy.txt": "Le préfet a déclaré que le port rouvrirait vendredi.".encode("cp1252"),
    "nav.html": b"<html><body><nav>Home</nav></body></html>",
}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    for name, data in BAD.items():
        (folder / name).write_bytes(data)
    (folder / "loop").symlink_to(folder, target_is_directory=True)
    return folder


def _stderr(result: Result) -> str:
    return getattr(result, "stderr", None) or result.output


def test_ingest_mixed_folder(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    db = tmp_path / "store.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert result.exception is None
    err = _stderr(result)
    assert "Traceback" not in result.output
    for code, name in [("E001", "empty.txt"), ("E002", "binary.txt"), ("E011", "photo.png"),
                       ("E006", "three.jsonl: line 2"), ("E010", "loop"), ("E008", "nav.html")]:
        assert code in err and name in err, (code, name)
    assert "E005" in err and "W001" in err  # warnings, not skips
    con = duckdb.connect(str(db), read_only=True)
    files = sorted(Path(f).name for (f,) in con.execute("SELECT file FROM articles").fetchall())
    con.close()
    assert files == ["broken.md", "legacy.txt", "one.txt", "three.jsonl", "two.md"]


def test_ingest_with_nothing_usable_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "photo.png").write_bytes(b"\x89PNG")
    result = runner.invoke(app, ["ingest", str(folder), str(tmp_path / "missing"), "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 2
    assert "E020" in result.output and "E012" in _stderr(result)
    assert "Traceback" not in result.output


def test_ingest_field_mapping_and_stdin(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    data = '{"body": "From stdin, the governor said the roads were clear.", "headline": "Roads"}\n'
    result = runner.invoke(app, ["ingest", "-", "--db", str(db), "--field", "text=body", "--field", "title=headline"],
                           input=data)
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT file, title, text FROM articles").fetchall() == [
        ("-", "Roads", "From stdin, the governor said the roads were clear.")]
    con.close()


def test_ingest_marks_reprints(tmp_path: Path) -> None:
    folder = tmp_path / "wire"
    folder.mkdir()
    body = ("The central bank raised interest rates by half a point on Thursday, its governor said, "
            "citing prices that rose faster than expected for a third month. Economists had expected a smaller move.")
    (folder / "a.md").write_text(f"---\npublished: 2025-01-02\n---\n{body}\n")
    (folder / "b.md").write_text(f"---\npublished: 2025-01-03\n---\nLONDON (Wire) - {body}\n")
    db = tmp_path / "s.db"
    result = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert result.exit_code == 0
    assert "1 reprints" in _stderr(result)
    con = duckdb.connect(str(db), read_only=True)
    rows = dict(con.execute("SELECT file, reprint_of IS NOT NULL FROM articles").fetchall())
    con.close()
    assert rows == {str(folder / "a.md"): False, str(folder / "b.md"): True}


def test_ingest_db_that_is_a_directory_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The mayor said yes.")
    result = runner.invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output


@pytest.mark.usefixtures("models")
def test_analyze_mixed_folder_lists_every_input(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    out = tmp_path / "dossier.json"
    result = runner.invoke(app, ["analyze", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    dossier = json.loads(out.read_text(encoding="utf-8"))
    used = {Path(a["file"]).name for a in dossier["articles"]}
    skipped = {Path(s["input"].split(":")[0]).name for s in dossier["skipped"]}
    every = {p.name for p in folder.iterdir()}
    assert every <= used | skipped
    for article in dossier["articles"]:
        for attribution in dossier["attributions"]:
            if attribution["article_id"] == article["id"]:
                span = attribution["sentence"]
                assert article["text"][span["start"] : span["end"]] == span["text"]


@pytest.mark.parametrize(
    "args",
    [["ingest"], ["ingest", "x.txt"], ["analyze"], ["ingest", "x.txt", "--db", "s.db", "--max-bytes", "0"]],
)
def test_usage_errors_exit_1(tmp_path: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.txt").write_text("The mayor said yes.")
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "s.db").exists()
