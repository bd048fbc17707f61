"""The ``sourcetrace`` command: a thin Typer app over plain functions.

Errors are turned into messages here and nowhere else; each error class names its exit
code (0 when at least one article was analysed, 1 for usage and output errors, click's own
usage errors included, 2 when nothing usable was found, 130 when interrupted). Everything
printed that came from the inputs goes through ``progress.safe``. Every setting can be given with ``--config FILE`` or ``--set KEY=VALUE``;
the flags of the common ones default to None ("not given"), so a flag given always wins.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

# Typer carries its own copy of click; the usage errors it raises are of that copy's class.
from typer._click.exceptions import UsageError as ClickUsageError
from typer.core import TyperGroup

from sourcetrace.dossier.models import Dossier, load_dossier
from sourcetrace.dossier.select import story_dossier
from sourcetrace.errors import Errors, NothingToAnalyse, SourcetraceError, UsageError
from sourcetrace.ingest import IngestResult, load_inputs
from sourcetrace.ingest.reprints import mark_reprints
from sourcetrace.progress import safe, say, stderr
from sourcetrace.render import check_outputs, outputs_of, write_reports
from sourcetrace.settings import SETTINGS_FIELDS, Settings, load_settings
from sourcetrace.store.database import Store
from sourcetrace.version import __version__


class _Group(TyperGroup):
    """The command group, whose usage errors (a bad flag, a missing value) exit 1, not click's 2:
    here 2 means "nothing usable found"."""

    def make_context(self, *args: object, **kwargs: object) -> typer.Context:
        try:
            return super().make_context(*args, **kwargs)  # type: ignore[arg-type]
        except ClickUsageError as exc:
            exc.exit_code = UsageError.exit_code
            raise

    def invoke(self, ctx: typer.Context) -> object:
        try:
            return super().invoke(ctx)
        except ClickUsageError as exc:  # a subcommand's arguments are parsed in here
            exc.exit_code = UsageError.exit_code
            raise


app = typer.Typer(
    cls=_Group,
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
    "article_timeout": "--article-timeout",
    "outlets_file": "--outlets",
    "nli_model": "--nli-model",
    "attribution_model": "--model",
    "use_tagger": "--rules-only",
    "follow_symlinks": "--follow-symlinks",
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
TimeoutOpt = Annotated[float | None, _flag("article_timeout")]
FieldOpt = Annotated[
    list[str] | None,
    _flag("field_map", "Map a JSONL/CSV field: OURS=YOURS, e.g. --field text=body. Repeatable."),
]
OutletsOpt = Annotated[Path | None, _flag("outlets_file")]
# Only ever turns following on (None: --config or --set decide), like --rules-only.
FollowOpt = Annotated[bool, _flag("follow_symlinks")]
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
    say("error", "bold red", exc)
    return typer.Exit(exc.exit_code)


def _prepare(
    paths: list[str] | None, config: Path | None, assignments: list[str] | None, fields: list[str] | None,
    **flags: object,
) -> tuple[list[str], Settings]:
    """The inputs a command reads (at least one) and its settings."""
    if not paths:
        raise UsageError("give at least one article file or folder, or '-' for JSONL on stdin")
    return paths, _settings(config, assignments, fields, **flags)


def _read(paths: list[str], settings: Settings, required: bool = True) -> IngestResult:
    """The inputs read, skipped ones and warnings printed; NothingToAnalyse when none is usable and ``required``."""
    ingested = load_inputs(paths, settings)
    for s in ingested.skipped:
        # Reasons name their input already ("[E001] path: file is empty").
        say("skipped", "yellow", s.reason)
    for w in ingested.warnings:
        say("warning", "yellow", w.message)
    if required and not ingested.articles:
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
    follow_symlinks: FollowOpt = False,
    engine: Annotated[str, typer.Option("--engine", help="local (this process) or ray (Ray Data and tasks).")] = "local",
    address: Annotated[str | None, typer.Option("--address", help="With --engine ray: a running Ray cluster "
                                                "(default: start a local one).")] = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="With --engine ray: actors for the "
                                         "per-article stages (and CPUs of a local cluster).")] = 2,
    article_timeout: TimeoutOpt = None,
) -> None:
    """Analyse a pile of articles (one story or many) and write its sourced dossier."""
    # lazy: the pipeline loads spaCy and torch, which the other commands need not.
    from sourcetrace.pipeline import analyze_ingested, empty_dossier, interrupted

    store_path = db  # what an interrupt reports as kept
    try:
        paths, settings = _prepare(
            paths, config, set_, field, db=db, max_bytes=max_bytes, outlets_file=outlets, nli_model=nli_model,
            follow_symlinks=follow_symlinks or None, article_timeout=article_timeout,
        )
        if engine not in ("local", "ray"):
            raise UsageError(f"--engine takes local or ray, got {engine!r}")
        store_path = settings.db
        # Every output checked before anything is read or analysed.
        options = {"-o": output, "--html": html, "--md": md, "--csv": csv_dir, "--db": settings.db}
        check_outputs(outputs_of(options, folders=("--csv",), stores=("--db",)), paths)
        ingested = _read(paths, settings, required=False)
        if not ingested.articles:
            # Nothing usable: still a dossier, so the skip reasons are kept beside the outputs.
            _write(empty_dossier(ingested), output, html, md, csv_dir)
            raise NothingToAnalyse.coded(Errors.E020)
        if engine == "ray":
            # lazy: Ray is an optional extra, imported only for --engine ray
            from sourcetrace.engines.ray_engine import analyze_ray

            dossier = analyze_ray(ingested, settings, workers=workers, address=address)
        else:
            dossier = analyze_ingested(ingested, settings)
        for s in dossier.skipped[len(ingested.skipped):]:
            say("skipped", "yellow", s.reason)
        written = _write(dossier, output, html, md, csv_dir)
        if not dossier.articles:
            raise NothingToAnalyse.coded(Errors.E020)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    except KeyboardInterrupt as exc:  # while reading, or in the stages across articles
        raise _fail(interrupted(store_path)) from exc
    stderr.print(
        f"{len(dossier.articles)} articles, {len(dossier.attributions)} attributions, "
        f"{len(dossier.claims)} claims, {len(dossier.conflicts)} conflicts, "
        + (f"{len(dossier.stories)} stories, " if len(dossier.stories) > 1 else "")
        + f"{len(dossier.skipped)} skipped" + (f" → {_listing(written)}" if written else ""),
        highlight=False,
    )


def _write(dossier: Dossier, output: Path | None, html: Path | None, md: Path | None, csv_dir: Path | None) -> list[Path]:
    """The dossier to ``output`` and the reports asked for; to stdout when no output is named."""
    if output is None and not (html or md or csv_dir):
        sys.stdout.write(dossier.to_json() + "\n")
    return write_reports(dossier, json_path=output, html_path=html, md_path=md, csv_dir=csv_dir)


@app.command()
def ingest(
    paths: OptionalPaths = None,
    db: Annotated[Path | None, _flag("db", "DuckDB file to store the articles in (required).")] = None,
    max_bytes: MaxBytesOpt = None,
    field: FieldOpt = None,
    config: ConfigOpt = None,
    set_: SetOpt = None,
    follow_symlinks: FollowOpt = False,
) -> None:
    """Only read the articles and store them (no analysis)."""
    try:
        paths, settings = _prepare(
            paths, config, set_, field, db=db, max_bytes=max_bytes, follow_symlinks=follow_symlinks or None
        )
        if settings.db is None:
            raise UsageError("ingest needs --db PATH: the DuckDB file to store the articles in")
        check_outputs(outputs_of({"--db": settings.db}, stores=("--db",)), paths)
        ingested = _read(paths, settings)
        mark_reprints(ingested.articles, settings)
        with Store(settings.db) as store:
            store.put_articles(ingested.articles)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    reprints = sum(a.reprint_of is not None for a in ingested.articles)
    stderr.print(
        f"{len(ingested.articles)} articles ({reprints} reprints) stored in {safe(settings.db)}, "
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
    follow_symlinks: FollowOpt = False,
) -> None:
    """Print every attribution of each article: source, cue, content, speaker, chain."""
    # lazy: the pipeline loads spaCy and torch, which the other commands need not.
    from sourcetrace.pipeline import extract_jsonl

    try:
        settings = _settings(config, set_, field, max_bytes=max_bytes, follow_symlinks=follow_symlinks or None)
        ingested = load_inputs(paths, settings)
        for s in ingested.skipped:
            say("skipped", "yellow", s.reason)
        before = len(ingested.skipped)
        count = extract_jsonl(ingested, settings, sys.stdout)
        for s in ingested.skipped[before:]:
            say("skipped", "yellow", s.reason)
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
    story: Annotated[str | None, typer.Option("--story", help="Render only this story (an id from 'stories').")] = None,
) -> None:
    """Render a dossier as an HTML report, a Markdown brief or CSV tables (all its stories, or one)."""
    try:
        options = {"--html": html, "--md": md, "--csv": csv_dir}
        check_outputs(outputs_of(options, folders=("--csv",)), [dossier_path])
        try:
            dossier = load_dossier(dossier_path)
        except (OSError, ValidationError, ValueError) as exc:
            raise UsageError(Errors.E031.format(path=dossier_path, detail=str(exc).splitlines()[0])) from exc
        if story is not None:
            dossier = _one_story(dossier, story, str(dossier_path))
        written = write_reports(dossier, html_path=html, md_path=md, csv_dir=csv_dir)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    stderr.print("wrote " + ", ".join(map(safe, written)), highlight=False)


def _listing(paths: list[Path], most: int = 6) -> str:
    """The files written, the first few by name (a corpus writes one report per story)."""
    names = ", ".join(safe(p) for p in paths[:most])
    return names + (f" and {len(paths) - most} more" if len(paths) > most else "")


def _printable(text: str) -> str:
    """Article text for a terminal line: whitespace folded, control characters (escapes) dropped."""
    return "".join(ch for ch in " ".join(text.split()) if ch.isprintable())


def _one_story(dossier: Dossier, story: str, where: str) -> Dossier:
    try:
        return story_dossier(dossier, story)
    except KeyError:
        known = ", ".join(s.id for s in dossier.stories[:5]) + (", …" if len(dossier.stories) > 5 else "")
        raise UsageError(Errors.E032.format(path=where, story=story, known=known or "none")) from None


@app.command()
def stories(
    db: Annotated[Path | None, _flag("db", "DuckDB file written by 'analyze --db' (required).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per story instead of a table.")] = False,
) -> None:
    """List the stories of a store's last analysis: id, articles, dates, claims, contested, conflicts, title."""
    try:
        if db is None:
            raise UsageError("stories needs --db PATH: a DuckDB file written by 'analyze --db'")
        if not db.is_file():
            raise UsageError(Errors.E012.format(path=db))
        with Store(db) as store:
            dossier = store.last_dossier()
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    for st in dossier.stories if dossier else []:
        if as_json:
            typer.echo(json.dumps(st.model_dump(mode="json"), ensure_ascii=False))
            continue
        days = (st.first_published or "undated")[:10] + (
            f"..{st.last_published[:10]}" if st.last_published and st.last_published != st.first_published else "")
        typer.echo(f"{st.id}\t{len(st.article_ids)} articles\t{days}\t{st.claims} claims\t{st.contested} contested\t"
                   f"{st.conflicts} conflicts\t{_printable(st.title)}")


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


@app.command("train-align")
def train_align(
    stories: Annotated[Path, typer.Argument(help="Folder of story folders with gold.json.")] = Path("../shared/data/stories"),
    basil: Annotated[Path, typer.Option("--basil", help="BASIL articles, for the repository's own gold.")] = Path(
        "../shared/data/basil/articles"),
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: the package's models/).")] = None,
) -> None:
    """Fit the claim alignment model on the stories' gold (CPU, about a minute); prints its summary."""
    # lazy: training runs the whole pipeline
    from sourcetrace.training.align import train_aligner

    try:
        summary = train_aligner(stories, basil=basil, out=out)
    except SourcetraceError as exc:
        raise _fail(exc) from exc
    typer.echo(json.dumps(summary))


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


@eval_app.command("grouping")
def eval_grouping(
    directory: Annotated[Path, typer.Argument(help="BASIL: a folder of article JSON files (or holding articles/).")] = Path(
        "../shared/data/basil"
    ),
    config: ConfigOpt = None,
    set_: SetOpt = None,
) -> None:
    """Story grouping of all BASIL articles as one pile against its same-event triplets: B-cubed and
    pairwise P/R/F1 (one JSON line)."""
    # lazy: the grouping loads the sentence encoder
    from sourcetrace.evaluation.grouping import evaluate_grouping

    try:
        figures = evaluate_grouping(directory, settings=_settings(config, set_))
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
        say("error", "bold red", exc)
        sys.exit(exc.exit_code)
