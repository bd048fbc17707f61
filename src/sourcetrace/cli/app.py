"""The ``sourcetrace`` command: a thin Typer app over plain functions.

Errors are turned into messages and exit codes here and nowhere else:
0 when at least one article was analysed, 2 when nothing usable was found,
1 for usage errors.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from sourcetrace import __version__
from sourcetrace.errors import Errors, NothingToAnalyse, SourcetraceError, UsageError
from sourcetrace.progress import stderr
from sourcetrace.settings import Settings, load_settings

app = typer.Typer(
    name="sourcetrace",
    help=(
        "Turn a pile of news articles about one story into a sourced dossier: who claims what, "
        "on whose word, how independent the sourcing is, where accounts conflict, and when."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
eval_app = typer.Typer(help="Score sourcetrace against annotated corpora.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")

Paths = Annotated[
    list[str],
    typer.Argument(help="Article files or folders (searched recursively), or '-' for JSONL on stdin."),
]
# For commands that check their own arguments, so a missing one exits 1 (click would exit 2,
# which here means "nothing usable found").
OptionalPaths = Annotated[
    list[str] | None,
    typer.Argument(help="Article files or folders (searched recursively), or '-' for JSONL on stdin."),
]
DbOpt = Annotated[Path | None, typer.Option("--db", help="DuckDB file; reruns skip unchanged articles.")]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", help="Skip articles with more text than this (bytes).")]
FieldOpt = Annotated[
    list[str] | None,
    typer.Option("--field", help="Map a JSONL/CSV field: OURS=YOURS, e.g. --field text=body. Repeatable."),
]
OutletsOpt = Annotated[Path | None, typer.Option("--outlets", help="YAML file of extra outlets and aliases.")]
NliOpt = Annotated[
    Path | None, typer.Option("--nli-model", help="Local cross-encoder NLI model directory to confirm conflicts.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sourcetrace {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """sourcetrace: sourced dossiers from news articles."""


def _settings(
    db: Path | None = None,
    max_bytes: int = 5_000_000,
    fields: list[str] | None = None,
    outlets: Path | None = None,
    nli_model: Path | None = None,
    config: Path | None = None,
) -> Settings:
    field_map: dict[str, str] = {}
    for item in fields or []:
        ours, sep, yours = item.partition("=")
        if not sep or not ours or not yours:
            raise UsageError(f"--field takes OURS=YOURS, got {item!r}")
        field_map[ours.strip()] = yours.strip()
    try:
        overrides = {"db": db, "field_map": field_map or None, "outlets_file": outlets, "nli_model": nli_model}
        if max_bytes != Settings.model_fields["max_bytes"].default:
            overrides["max_bytes"] = max_bytes
        return load_settings(config, **overrides)
    except (OSError, ValueError) as exc:
        if not isinstance(exc, ValidationError):
            raise UsageError(f"--config {config}: {exc}") from exc
        raise _usage(exc) from exc


def _usage(exc: ValidationError) -> UsageError:
    # e.g. --max-bytes 0 or a misspelt key in --config: a usage error, not a traceback
    problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
    return UsageError(problems)


def _fail(exc: Exception) -> typer.Exit:
    stderr.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
    code = 2 if isinstance(exc, NothingToAnalyse) else 1
    return typer.Exit(code)


def _require_paths(paths: list[str] | None) -> list[str]:
    if not paths:
        raise UsageError("give at least one article file or folder, or '-' for JSONL on stdin")
    return paths


def _warn_skipped(skipped: list, warnings: list[str] | None = None) -> None:
    for s in skipped:
        # Reasons name their input already ("[E001] path: file is empty").
        stderr.print(f"[yellow]skipped:[/] {s.reason}", highlight=False, soft_wrap=True)
    for w in warnings or []:
        stderr.print(f"[yellow]warning:[/] {w}", highlight=False, soft_wrap=True)


@app.command()
def analyze(
    paths: OptionalPaths = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the dossier JSON here.")] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    md: Annotated[Path | None, typer.Option("--md", help="Write the Markdown brief here.")] = None,
    csv_dir: Annotated[Path | None, typer.Option("--csv", help="Write CSV exports into this folder.")] = None,
    db: DbOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    field: FieldOpt = None,
    outlets: OutletsOpt = None,
    nli_model: NliOpt = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="YAML file of settings (see the README's settings table).")
    ] = None,
) -> None:
    """Analyse the articles of one story and write its sourced dossier."""
    from sourcetrace.ingest import load_inputs
    from sourcetrace.pipeline import build_dossier, open_store
    from sourcetrace.render import write_reports

    try:
        paths = _require_paths(paths)
        settings = _settings(db, max_bytes, field, outlets, nli_model, config)
        ingested = load_inputs(paths, settings)
        _warn_skipped(ingested.skipped, ingested.warnings)
        if not ingested.articles:
            raise NothingToAnalyse(Errors.E020.format())
        store = open_store(settings)
        try:
            if store is not None:
                store.put_articles(ingested.articles)  # type: ignore[attr-defined]
            dossier = build_dossier(ingested, settings, store)
        finally:
            if store is not None:
                store.close()  # type: ignore[attr-defined]
        if output is None and not (html or md or csv_dir):
            sys.stdout.write(dossier.to_json() + "\n")
        written = write_reports(dossier, json_path=output, html_path=html, md_path=md, csv_dir=csv_dir)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    stderr.print(
        f"{len(dossier.articles)} articles, {len(dossier.attributions)} attributions, "
        f"{len(dossier.claims)} claims, {len(dossier.conflicts)} conflicts, "
        f"{len(dossier.skipped)} skipped" + (f" → {', '.join(map(str, written))}" if written else ""),
        highlight=False,
    )


@app.command()
def ingest(
    paths: OptionalPaths = None,
    db: Annotated[Path | None, typer.Option("--db", help="DuckDB file to store the articles in (required).")] = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    field: FieldOpt = None,
) -> None:
    """Only read the articles and store them (no analysis)."""
    from sourcetrace.ingest import load_inputs
    from sourcetrace.ingest.reprints import mark_reprints
    from sourcetrace.store.database import Store

    try:
        paths = _require_paths(paths)
        if db is None:
            raise UsageError("ingest needs --db PATH: the DuckDB file to store the articles in")
        settings = _settings(db, max_bytes, field)
        ingested = load_inputs(paths, settings)
        _warn_skipped(ingested.skipped, ingested.warnings)
        if not ingested.articles:
            raise NothingToAnalyse(Errors.E020.format())
        mark_reprints(ingested.articles, settings)
        with Store(db) as store:
            store.put_articles(ingested.articles)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    reprints = sum(a.reprint_of is not None for a in ingested.articles)
    stderr.print(
        f"{len(ingested.articles)} articles ({reprints} reprints) stored in {db}, "
        f"{len(ingested.skipped)} skipped",
        highlight=False,
    )


@app.command()
def extract(
    paths: Paths,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per article (the only format for now).")] = True,
    max_bytes: MaxBytesOpt = 5_000_000,
    field: FieldOpt = None,
) -> None:
    """Print every attribution of each article: source, cue, content, speaker, chain."""
    from sourcetrace.attribution.output import extract_jsonl

    try:
        settings = _settings(None, max_bytes, field)
        count = extract_jsonl(paths, settings, sys.stdout)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    if count == 0:
        raise _fail(NothingToAnalyse(Errors.E020.format()))


@app.command()
def report(
    dossier_path: Annotated[Path, typer.Argument(help="A dossier JSON written by 'analyze'.")],
    html: Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")] = None,
    md: Annotated[Path | None, typer.Option("--md", help="Write the Markdown brief here.")] = None,
    csv_dir: Annotated[Path | None, typer.Option("--csv", help="Write CSV exports into this folder.")] = None,
) -> None:
    """Render a dossier as an HTML report, a Markdown brief or CSV tables."""
    from pydantic import ValidationError

    from sourcetrace.dossier.models import load_dossier
    from sourcetrace.render import write_reports

    try:
        try:
            dossier = load_dossier(dossier_path)
        except (OSError, ValidationError, ValueError) as exc:
            raise UsageError(Errors.E031.format(path=dossier_path, detail=str(exc).splitlines()[0])) from exc
        written = write_reports(dossier, html_path=html, md_path=md, csv_dir=csv_dir)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    stderr.print("wrote " + ", ".join(map(str, written)), highlight=False)


@app.command()
def train(
    data: Annotated[Path, typer.Argument(help="PolNeAR folder holding train/ and dev/.")] = Path("../shared/data/polnear"),
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the weights (default: the package's models/).")] = None,
    epochs: Annotated[int | None, typer.Option("--epochs", help="Training epochs (default: the recipe's).")] = None,
) -> None:
    """Train the attribution tagger on PolNeAR train (CPU), tuning on dev."""
    from sourcetrace.training import train_tagger

    try:
        train_tagger(data, out=out, epochs=epochs)
    except SourcetraceError as exc:
        raise _fail(exc) from exc


@eval_app.command("polnear")
def eval_polnear(
    split_dir: Annotated[Path, typer.Argument(help="A PolNeAR split with text/ and attributions/.")] = Path(
        "../shared/data/polnear/dev"
    ),
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N articles.")] = None,
    model: Annotated[Path | None, typer.Option("--model", help="Tagger weights directory (default: the shipped ones).")] = None,
    rules_only: Annotated[bool, typer.Option("--rules-only", help="Score the rules without the tagger.")] = False,
    annotators: Annotated[bool, typer.Option(
        "--annotators", help="Score the other annotators' files against the gold one instead (human agreement).")] = False,
) -> None:
    """Exact and overlap P/R/F1 for source, cue, content, and relation P/R/F1 (one JSON line)."""
    from sourcetrace.evaluation.polnear import annotator_agreement, evaluate_polnear

    try:
        if annotators:
            figures = annotator_agreement(split_dir)
        else:
            figures = evaluate_polnear(split_dir, limit=limit, model=model, use_tagger=not rules_only)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures))


@eval_app.command("timeml")
def eval_timeml(
    directory: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files.")] = Path("../shared/data/timebank"),
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N files (sorted by name).")] = None,
) -> None:
    """TempEval-3 style extent and value scores, for sourcetrace and for dateparser."""
    from sourcetrace.evaluation.timeml import evaluate_timeml

    try:
        figures = evaluate_timeml(directory, limit=limit)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures))


def main() -> None:
    """Entry point of the ``sourcetrace`` script."""
    try:
        app()
    except UsageError as exc:  # raised outside a command body
        stderr.print(f"[bold red]error:[/] {exc}")
        sys.exit(1)
