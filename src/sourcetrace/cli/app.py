"""The ``sourcetrace`` command: a thin Typer app over plain functions.

Errors are turned into messages here and nowhere else; each error class names its exit
code (0 when at least one article was analysed, 2 when nothing usable was found, 1 for
usage errors). Every setting can be given with ``--config FILE`` or ``--set KEY=VALUE``;
the flags of the common ones default to None ("not given"), so a flag given always wins.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from sourcetrace.dossier.models import load_dossier
from sourcetrace.errors import Errors, NothingToAnalyse, SourcetraceError, UsageError
from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.progress import stderr
from sourcetrace.render import write_reports
from sourcetrace.settings import SETTINGS_FIELDS, Settings, load_settings
from sourcetrace.store.database import Store
from sourcetrace.version import __version__

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

# The flags that stand for one setting each; the README's settings table names them too.
FLAGS = {
    "max_bytes": "--max-bytes",
    "field_map": "--field",
    "db": "--db",
    "outlets_file": "--outlets",
    "nli_model": "--nli-model",
    "attribution_model": "--model",
    "use_tagger": "--rules-only",
}


def _flag(setting: str, help: str | None = None) -> object:
    """The option of ``setting``; its default None means "not given", so any value given wins over --config."""
    return typer.Option(FLAGS[setting], help=help or f"{SETTINGS_FIELDS[setting].description} (setting {setting})")


ConfigOpt = Annotated[
    Path | None, typer.Option("--config", help="YAML file of settings (see the README's settings table).")
]
SetOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--set",
        metavar="KEY=VALUE",
        help="Set any setting, VALUE read as YAML; repeatable, over --config, under the flags. Settings: "
        + ", ".join(SETTINGS_FIELDS)
        + ".",
    ),
]
DbOpt = Annotated[Path | None, _flag("db")]
MaxBytesOpt = Annotated[int | None, _flag("max_bytes")]
FieldOpt = Annotated[
    list[str] | None,
    _flag("field_map", "Map a JSONL/CSV field: OURS=YOURS, e.g. --field text=body. Repeatable."),
]
OutletsOpt = Annotated[Path | None, _flag("outlets_file")]
NliOpt = Annotated[Path | None, _flag("nli_model")]
HtmlOpt = Annotated[Path | None, typer.Option("--html", help="Write the HTML report here.")]
MdOpt = Annotated[Path | None, typer.Option("--md", help="Write the Markdown brief here.")]
CsvOpt = Annotated[Path | None, typer.Option("--csv", help="Write CSV exports into this folder.")]


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
    config: Path | None, assignments: list[str] | None, fields: list[str] | None = None, **flags: object
) -> Settings:
    """Defaults, then --config, then --set, then the flags given (None: not given)."""
    field_map: dict[str, str] = {}
    for item in fields or []:
        ours, sep, yours = item.partition("=")
        if not sep or not ours or not yours:
            raise UsageError(f"--field takes OURS=YOURS, got {item!r}")
        field_map[ours.strip()] = yours.strip()
    return load_settings(config, assignments or (), field_map=field_map or None, **flags)


def _fail(exc: SourcetraceError) -> typer.Exit:
    stderr.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
    return typer.Exit(exc.exit_code)


def _prepare(
    paths: list[str] | None, config: Path | None, assignments: list[str] | None, fields: list[str] | None,
    **flags: object,
) -> tuple[list[str], Settings]:
    """The inputs a command reads (at least one) and its settings."""
    if not paths:
        raise UsageError("give at least one article file or folder, or '-' for JSONL on stdin")
    return paths, _settings(config, assignments, fields, **flags)


def _read(paths: list[str], settings: Settings, warnings: bool = True) -> IngestResult:
    """The inputs read, skipped ones (and warnings) printed; NothingToAnalyse when none is usable."""
    ingested = load_inputs(paths, settings)
    for s in ingested.skipped:
        # Reasons name their input already ("[E001] path: file is empty").
        stderr.print(f"[yellow]skipped:[/] {s.reason}", highlight=False, soft_wrap=True)
    for w in ingested.warnings if warnings else ():
        stderr.print(f"[yellow]warning:[/] {w.message}", highlight=False, soft_wrap=True)
    if not ingested.articles:
        raise NothingToAnalyse.coded(Errors.E020)
    return ingested


@app.command()
def analyze(
    paths: OptionalPaths = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the dossier JSON here.")] = None,
    html: HtmlOpt = None,
    md: MdOpt = None,
    csv_dir: CsvOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    db: DbOpt = None,
    max_bytes: MaxBytesOpt = None,
    field: FieldOpt = None,
    outlets: OutletsOpt = None,
    nli_model: NliOpt = None,
) -> None:
    """Analyse the articles of one story and write its sourced dossier."""
    # lazy: the pipeline loads spaCy and torch, which the other commands need not.
    from sourcetrace.pipeline import analyze_ingested

    try:
        paths, settings = _prepare(
            paths, config, set_, field, db=db, max_bytes=max_bytes, outlets_file=outlets, nli_model=nli_model
        )
        dossier = analyze_ingested(_read(paths, settings), settings)
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
    db: Annotated[Path | None, _flag("db", "DuckDB file to store the articles in (required).")] = None,
    max_bytes: MaxBytesOpt = None,
    field: FieldOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Only read the articles and store them (no analysis)."""
    try:
        paths, settings = _prepare(paths, config, set_, field, db=db, max_bytes=max_bytes)
        if settings.db is None:
            raise UsageError("ingest needs --db PATH: the DuckDB file to store the articles in")
        ingested = _read(paths, settings)
        mark_reprints(ingested.articles, settings)
        with Store(settings.db) as store:
            store.put_articles(ingested.articles)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    reprints = sum(a.reprint_of is not None for a in ingested.articles)
    stderr.print(
        f"{len(ingested.articles)} articles ({reprints} reprints) stored in {settings.db}, "
        f"{len(ingested.skipped)} skipped",
        highlight=False,
    )


@app.command()
def extract(
    paths: Paths,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per article (the only format for now).")] = True,
    max_bytes: MaxBytesOpt = None,
    field: FieldOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Print every attribution of each article: source, cue, content, speaker, chain."""
    # lazy: the pipeline loads spaCy and torch, which the other commands need not.
    from sourcetrace.pipeline import extract_jsonl

    try:
        settings = _settings(config, set_, field, max_bytes=max_bytes)
        ingested = load_inputs(paths, settings)
        for s in ingested.skipped:
            stderr.print(f"[yellow]skipped:[/] {s.input}: {s.reason}", highlight=False)
        count = extract_jsonl(ingested, settings, sys.stdout)
        if count == 0:
            raise NothingToAnalyse.coded(Errors.E020)
    except SourcetraceError as exc:
        raise _fail(exc) from exc


@app.command()
def report(
    dossier_path: Annotated[Path, typer.Argument(help="A dossier JSON written by 'analyze'.")],
    html: HtmlOpt = None,
    md: MdOpt = None,
    csv_dir: CsvOpt = None,
) -> None:
    """Render a dossier as an HTML report, a Markdown brief or CSV tables."""
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
    # lazy: training loads spaCy and torch
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
    model: Annotated[Path | None, _flag("attribution_model", "Tagger weights directory (default: the shipped ones).")] = None,
    rules_only: Annotated[bool, _flag("use_tagger", "Score the rules without the tagger (use_tagger: false).")] = False,
    annotators: Annotated[bool, typer.Option(
        "--annotators", help="Score the other annotators' files against the gold one instead (human agreement).")] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Exact and overlap P/R/F1 for source, cue, content, and relation P/R/F1 (one JSON line)."""
    # lazy: the evaluation loads spaCy and torch.
    from sourcetrace.evaluation.polnear import annotator_agreement, evaluate_polnear

    try:
        # --rules-only only ever turns the tagger off; without it --config or --set decide.
        settings = _settings(config, set_, attribution_model=model, use_tagger=False if rules_only else None)
        if annotators:
            figures = annotator_agreement(split_dir)
        else:
            figures = evaluate_polnear(
                split_dir, limit=limit, model=settings.attribution_model, use_tagger=settings.use_tagger
            )
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures))


@eval_app.command("timeml")
def eval_timeml(
    directory: Annotated[Path, typer.Argument(help="A folder of TimeML .tml files.")] = Path("../shared/data/timebank"),
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N files (sorted by name).")] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """TempEval-3 style extent and value scores, for sourcetrace and for dateparser."""
    # lazy: the evaluation loads spaCy.
    from sourcetrace.evaluation.timeml import evaluate_timeml

    try:
        _settings(config, set_)  # checked like every command's, though no setting steers this scoring yet
        figures = evaluate_timeml(directory, limit=limit)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures))


@eval_app.command("stories")
def eval_stories(
    directory: Annotated[Path, typer.Argument(help="A folder of story folders (articles .md + gold.json).")] = Path(
        "../shared/data/stories"
    ),
    gold: Annotated[Path | None, typer.Option(
        "--gold", help="Offset gold written for the project (default: the repository's eval/stories).")] = None,
    basil: Annotated[Path, typer.Option("--basil", help="BASIL articles the offset gold points into.")] = Path(
        "../shared/data/basil/articles"
    ),
    shared_only: Annotated[bool, typer.Option("--shared-only", help="Only the stories in DIRECTORY.")] = False,
    per_story: Annotated[bool, typer.Option("--per-story", help="Figures for each story too.")] = False,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Each story analysed alone and scored against its gold: attributions, speakers, chains, claims,
    independence and conflicts (one JSON line; FORMAT.md's definitions)."""
    # lazy: the evaluation loads spaCy, torch and the encoder
    from sourcetrace.evaluation.stories import REPO_GOLD, evaluate_stories

    try:
        settings = _settings(config, set_)
        settings.progress = False
        repo_gold = None if shared_only else (gold or REPO_GOLD)
        figures = evaluate_stories(directory, repo_gold=repo_gold, basil=basil, settings=settings, per_story=per_story)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures))


@eval_app.command("ggt")
def eval_ggt(
    directory: Annotated[Path, typer.Argument(help="A GGT folder (gold.jsonl and text/).")] = Path("../shared/data/ggt"),
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N articles.")] = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Quotes, speakers, verbs and resolved speakers scored as the Gender Gap Tracker scores them, at
    thresholds 0.3 and 0.8 (one JSON line)."""
    # lazy: the evaluation loads spaCy and torch
    from sourcetrace.evaluation.ggt import evaluate_ggt

    try:
        settings = _settings(config, set_)
        settings.progress = False
        figures = evaluate_ggt(directory, limit=limit, settings=settings)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(figures))


def main() -> None:
    """Entry point of the ``sourcetrace`` script."""
    try:
        app()
    except UsageError as exc:  # raised outside a command body
        stderr.print(f"[bold red]error:[/] {exc}")
        sys.exit(exc.exit_code)
